package wsframe

import (
	"strings"
	"testing"
)

// FuzzFraming checks that no message panics either way, that FromClient
// only rewrites framing elements, and that ToClient's <open/> always
// carries the framing namespace and is one empty element.
func FuzzFraming(f *testing.F) {
	for _, s := range []string{
		`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>`,
		`<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`,
		`<message to="b@localhost"><body>hi</body></message>`,
		"<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' id='x' from='localhost'>",
		"</stream:stream>", " ", "<stream:features/>", `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to="a'b"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := FromClient([]byte(s))
		if string(in) != s && !strings.Contains(s, NSFraming) {
			t.Errorf("FromClient rewrote a message without the framing namespace: %q -> %q", s, in)
		}
		out := string(ToClient([]byte(s)))
		if strings.HasPrefix(strings.TrimPrefix(strings.TrimSpace(s), "<?xml version='1.0'?>"), "<stream:stream") {
			if !strings.HasPrefix(out, "<open xmlns='"+NSFraming+"'") || !strings.HasSuffix(out, "/>") {
				t.Errorf("a stream header became %q", out)
			}
		}
	})
}
