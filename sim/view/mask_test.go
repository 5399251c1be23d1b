package view

import (
	"strings"
	"testing"
)

func TestMasker(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"PLAIN in one chunk",
			[]string{"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>"},
			"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + Masked + "</auth>"},
		{"credentials cut in two",
			[]string{"<auth mechanism='PLAIN'>AGFsaWNl", "AHNlY3JldA==</auth><presence/>"},
			"<auth mechanism='PLAIN'>" + Masked + Masked + "</auth><presence/>"},
		{"the tag cut in two",
			[]string{"<au", "th mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>"},
			"<auth mechanism='PLAIN'>" + Masked + "</auth>"},
		{"a prefixed SCRAM response",
			[]string{"<sasl:response xmlns:sasl='urn:ietf:params:xml:ns:xmpp-sasl'>Yz1iaXdz</sasl:response>"},
			"<sasl:response xmlns:sasl='urn:ietf:params:xml:ns:xmpp-sasl'>" + Masked + "</sasl:response>"},
		{"an empty response kept", []string{"<response>=</response>"}, "<response>=</response>"},
		{"other text kept", []string{"<message><body>hello</body></message>", " "}, "<message><body>hello</body></message> "},
		{"an empty auth", []string{"<auth mechanism='EXTERNAL'/><message><body>x</body></message>"}, "<auth mechanism='EXTERNAL'/><message><body>x</body></message>"},
		{"a stray '<' inside", []string{"<auth>AGFs<aWNl", "AHNl</auth>"}, "<auth>" + Masked + "<aWNl" + Masked + "</auth>"},
		{"the closing tag cut", []string{"<auth>AGFsaWNl</au", "th><body>x</body>"}, "<auth>" + Masked + "</auth><body>x</body>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Masker
			var got strings.Builder
			for _, c := range tt.chunks {
				got.WriteString(m.Mask(c))
			}
			if got.String() != tt.want {
				t.Errorf("got  %q\nwant %q", got.String(), tt.want)
			}
		})
	}
}

// TestMaskerEverySplit: however a client's stream is cut into chunks,
// no piece of its credentials passes and every other byte does.
func TestMaskerEverySplit(t *testing.T) {
	const creds = "AGFsaWNlAHNlY3JldA=="
	stream := "<?xml version='1.0'?><stream:stream to='localhost'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
		creds + "</auth><message to='bob@localhost'><body>hi</body></message>"
	keep := strings.ReplaceAll(strings.ReplaceAll(stream, creds, ""), "=", "")
	for i := 0; i <= len(stream); i++ {
		for j := i; j <= len(stream); j += 7 {
			var m Masker
			out := m.Mask(stream[:i]) + m.Mask(stream[i:j]) + m.Mask(stream[j:])
			for k := 0; k+3 <= 18; k++ {
				if strings.Contains(out, creds[k:k+3]) {
					t.Fatalf("cut at %d and %d: %q shows %q of the credentials", i, j, out, creds[k:k+3])
				}
			}
			if rest := strings.ReplaceAll(strings.ReplaceAll(out, Masked, ""), "=", ""); rest != keep {
				t.Fatalf("cut at %d and %d:\n got %q\nwant %q", i, j, rest, keep)
			}
		}
	}
}
