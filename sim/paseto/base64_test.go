package paseto_test

import (
	"bytes"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

func TestDecodeBase64(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []byte // nil means the input must be rejected
	}{
		{"empty", "", []byte{}},
		{"two-chars", "AA", []byte{0}},
		{"three-chars", "AAA", []byte{0, 0}},
		{"four-chars", "AAAA", []byte{0, 0, 0}},
		{"url-alphabet", "-_-_", []byte{0xfb, 0xff, 0xbf}},
		{"padding-two", "AA==", nil},
		{"padding-one", "AAA=", nil},
		{"padding-alone", "=", nil},
		{"trailing-bits-len2", "AB", nil},
		{"trailing-bits-len3", "AAB", nil},
		{"length-mod4-1", "AAAAA", nil},
		{"std-plus", "+AAA", nil},
		{"std-slash", "AA/A", nil},
		{"newline", "AAAA\nAAAA", nil},
		{"carriage-return", "AAAA\rAAAA", nil},
		{"crlf-end", "AAAA\r\n", nil},
		{"space", "AA AA", nil},
		{"tab", "AA\tAA", nil},
		{"dot", "AA.A", nil},
		{"non-ascii", "AAé", nil},
		{"nul", "AA\x00A", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := paseto.DecodeBase64(tc.in)
			if tc.want == nil {
				wantRule(t, err, paseto.RuleBase64)
				return
			}
			if err != nil || !bytes.Equal(got, tc.want) {
				t.Fatalf("DecodeBase64(%q) = %x, %v; want %x", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestEncodeBase64RoundTrip(t *testing.T) {
	for n := range 70 {
		t.Run(string(rune('A'+n%26))+string(rune('0'+n/26)), func(t *testing.T) {
			in := bytes.Repeat([]byte{byte(n*37 + 1)}, n)
			s := paseto.EncodeBase64(in)
			if bytes.ContainsAny([]byte(s), "=+/") {
				t.Fatalf("non-url or padded output %q", s)
			}
			out, err := paseto.DecodeBase64(s)
			if err != nil || !bytes.Equal(in, out) {
				t.Fatalf("round trip of %d bytes: %v", n, err)
			}
		})
	}
}
