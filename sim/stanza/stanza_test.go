package stanza_test

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

func parse(t *testing.T, s string) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(s); err != nil {
		t.Fatal(err)
	}
	return d.Root()
}

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty element", `<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>`,
			`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`},
		{"escaping", `<message to="a&apos;b"><body>it's &lt;b&gt; &amp; "q"</body></message>`,
			`<message to='a&apos;b'><body>it&apos;s &lt;b&gt; &amp; &quot;q&quot;</body></message>`},
		{"prefixes", `<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>`,
			`<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`},
		{"prefixed attribute and text escapes", `<body xml:lang="e&quot;n">&lt;&gt;&amp;&apos;&quot;plain</body>`,
			`<body xml:lang='e&quot;n'>&lt;&gt;&amp;&apos;&quot;plain</body>`},
		{"no text needing escapes", `<presence><status>away</status><priority>5</priority></presence>`,
			`<presence><status>away</status><priority>5</priority></presence>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := parse(t, tc.in)
			if got := stanza.String(e); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
			if got := stanza.Bytes(e); string(got) != tc.want || len(got) != cap(got) {
				t.Fatalf("Bytes: %q (cap %d)", got, cap(got))
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"plain":               "plain",
		`<a href="x">'&'</a>`: "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
		"ünïcode & <":         "ünïcode &amp; &lt;",
	} {
		if got := stanza.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReplies(t *testing.T) {
	msg := parse(t, `<message to="juliet@localhost" id="m1"><body>x</body></message>`)
	tests := []struct {
		name string
		got  *etree.Element
		want string
	}{
		{"error reply", stanza.ErrorReply(msg, "cancel", "service-unavailable", ""),
			`<message type='error' id='m1' from='juliet@localhost'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`},
		{"error reply with text", stanza.ErrorReply(parse(t, `<iq type="set" id="b"/>`), "auth", "not-authorized", "Cannot bind resource before authentication"),
			`<iq type='error' id='b'><error type='auth'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Cannot bind resource before authentication</text></error></iq>`},
		{"iq reply", stanza.Reply(parse(t, `<iq type="set" id="b1" from="a@b/c"/>`)),
			`<iq type='result' id='b1' to='a@b/c'/>`},
		{"stream error", stanza.StreamError("improper-addressing", "A 'to' attribute is required on stream headers", nil),
			`<stream:error><improper-addressing xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>A &apos;to&apos; attribute is required on stream headers</text></stream:error>`},
		{"sasl failure", stanza.SASLFailure("not-authorized", "Out of order SASL element"),
			`<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text>Out of order SASL element</text></failure>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stanza.String(tc.got); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
