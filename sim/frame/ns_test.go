package frame_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// TestNamespaceURI checks that every element of a detached stanza resolves
// to the namespace it had in the stream.
func TestNamespaceURI(t *testing.T) {
	const head = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xmlns:p='urn:p'>"
	tests := []struct {
		name   string
		stanza string
		want   []string // tag=uri for every element in document order
	}{
		{"default inherited", "<message><body/></message>",
			[]string{"message=jabber:client", "body=jabber:client"}},
		{"redeclared default", "<iq><query xmlns='jabber:iq:roster'><item/></query></iq>",
			[]string{"iq=jabber:client", "query=jabber:iq:roster", "item=jabber:iq:roster"}},
		{"stanza redeclares xmlns", "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource/></bind>",
			[]string{"bind=urn:ietf:params:xml:ns:xmpp-bind", "resource=urn:ietf:params:xml:ns:xmpp-bind"}},
		{"header prefix on root", "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>",
			[]string{"features=http://etherx.jabber.org/streams", "starttls=urn:ietf:params:xml:ns:xmpp-tls"}},
		{"header prefix deep inside", "<message><x><p:y><z/></p:y></x></message>",
			[]string{"message=jabber:client", "x=jabber:client", "y=urn:p", "z=jabber:client"}},
		{"prefix shadowed locally", "<message xmlns:p='urn:local'><p:y/></message>",
			[]string{"message=jabber:client", "y=urn:local"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var first []string
			for _, chunks := range chunkings([]byte(head + tc.stanza)) {
				got = nil
				el := firstStanza(t, chunks)
				walk(el, func(e *etree.Element) { got = append(got, e.Tag+"="+e.NamespaceURI()) })
				if first == nil {
					first = got
				}
			}
			if !slices.Equal(got, tc.want) || !slices.Equal(first, got) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func firstStanza(t *testing.T, chunks [][]byte) *etree.Element {
	t.Helper()
	els := transcriptEvents(chunks)
	if len(els) == 0 {
		t.Fatal("no stanza")
	}
	return els[0]
}

func walk(e *etree.Element, fn func(*etree.Element)) {
	fn(e)
	for _, c := range e.ChildElements() {
		walk(c, fn)
	}
}

// TestStanzaDetached checks that a stanza has no parent, so it can be
// re-rooted without losing its namespaces.
func TestStanzaDetached(t *testing.T) {
	el := firstStanza(t, [][]byte{[]byte(hdr + "<message><body>x</body></message>")})
	doc := etree.NewDocumentWithRoot(el)
	s, err := doc.WriteToString()
	if err != nil || !strings.Contains(s, `xmlns="jabber:client"`) || doc.Root().NamespaceURI() != "jabber:client" {
		t.Errorf("re-rooted: %q, %v", s, err)
	}
}
