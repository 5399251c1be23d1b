package view

import (
	"strings"
	"testing"
)

func joined(segs []Seg) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

func TestPrettyXML(t *testing.T) {
	for _, tc := range []struct {
		name, raw, want string
		reveal          bool
	}{
		{name: "nested", raw: "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>laptop</resource></bind></iq>",
			want: "<iq type='set' id='b1'>\n  <bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\n    <resource>laptop</resource>\n  </bind>\n</iq>"},
		{name: "PLAIN masked", raw: "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>",
			want: "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>••••••</auth>"},
		{name: "PLAIN revealed", reveal: true, raw: "<auth mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>",
			want: "<auth mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==  ⟵ decoded: ␀alice␀secret</auth>"},
		{name: "malformed kept as typed", raw: "<img src=x onerror=alert(1)><b",
			want: "<img src=x onerror=alert(1)>\n  <b"},
		{name: "stream header unclosed", raw: "<?xml version='1.0'?><stream:stream to='localhost'>",
			want: "<?xml version='1.0'?>\n<stream:stream to='localhost'>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(Pretty(tc.raw, tc.reveal)); got != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct{ name, raw, element, kind, summary string }{
		{"message", "<message to='bob@localhost' type='chat'><body>hi there</body></message>", "message", "message", "message type=chat to=bob@localhost · body · hi there"},
		{"auth masked", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>", "auth", "sasl", "auth mechanism=PLAIN · ••••••"},
		{"close", "</stream:stream>", "/stream", "stream", "</stream:stream> closes the stream"},
		{"whitespace", " ", "(whitespace)", "other", "keepalive"},
		{"text", "hello", "(text)", "other", "hello"},
		{"entities decoded", "<message><body>&lt;b&gt; &amp;</body></message>", "message", "message", "message · body · <b> &"},
		{"character references", "<message><body>&#x263A;&#60;&quot;&apos;</body></message>", "message", "message", "message · body · ☺<\"'"},
		{"not an XML entity", "<message><body>a&nbsp;b</body></message>", "message", "message", "message · body · a&nbsp;b"},
		{"a bare ampersand", "<message><body>a & b</body></message>", "message", "message", "message · body · a & b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			el, kind, sum := Describe(tc.raw, false)
			if el != tc.element || kind != tc.kind || sum != tc.summary {
				t.Fatalf("got %q %q %q, want %q %q %q", el, kind, sum, tc.element, tc.kind, tc.summary)
			}
		})
	}
}
