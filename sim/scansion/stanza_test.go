package scansion_test

import (
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

func TestParseStanzas(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		tags  []string
		space []string // NamespaceURI() of each element
		out   []string // serialised elements
	}{
		{"default namespace", `<presence/>`, []string{"presence"}, []string{scansion.NSClient},
			[]string{`<presence xmlns="jabber:client"/>`}},
		{"declared namespace kept", `<iq xmlns='jabber:server' type='get'/>`, []string{"iq"}, []string{"jabber:server"},
			[]string{`<iq xmlns="jabber:server" type="get"/>`}},
		{"scansion prefix declared", `<query xmlns='jabber:iq:version' scansion:strict='false'/>`,
			[]string{"query"}, []string{"jabber:iq:version"},
			[]string{`<query xmlns="jabber:iq:version" scansion:strict="false" xmlns:scansion="` + scansion.NSScansion + `"/>`}},
		{"several elements with comments", "<!-- one -->\n<presence/>\n\t<message to='a@b'><body>x</body></message>\n",
			[]string{"presence", "message"}, []string{scansion.NSClient, scansion.NSClient},
			[]string{`<presence xmlns="jabber:client"/>`, `<message xmlns="jabber:client" to="a@b"><body>x</body></message>`}},
		{"indentation dropped, text kept", "<message>\n\t<body> Hi </body>\n</message>",
			[]string{"message"}, []string{scansion.NSClient},
			[]string{`<message xmlns="jabber:client"><body> Hi </body></message>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			els, err := scansion.ParseStanzas(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(els) != len(tt.tags) {
				t.Fatalf("got %d elements, want %d", len(els), len(tt.tags))
			}
			for i, e := range els {
				if e.Parent() != nil || e.Tag != tt.tags[i] || e.NamespaceURI() != tt.space[i] {
					t.Errorf("element %d: parent %v, tag %q, namespace %q; want detached %q in %q",
						i, e.Parent(), e.Tag, e.NamespaceURI(), tt.tags[i], tt.space[i])
				}
				if got := serialise(t, e); got != tt.out[i] {
					t.Errorf("element %d = %s, want %s", i, got, tt.out[i])
				}
			}
		})
	}
}

// serialise writes e as XML.
func serialise(t *testing.T, e *etree.Element) string {
	t.Helper()
	var b strings.Builder
	e.WriteTo(&b, &etree.WriteSettings{})
	return b.String()
}

func TestParseStanzasErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "line 1: payload holds no element"},
		{"unterminated", "<message>\n<body>x</body>", "line 1: unterminated payload: element <message> is not closed"},
		{"mismatched end", "<a>\n</b>", "line 2: malformed XML payload: element <a> closed by </b>"},
		{"text", "<a/>\nhello", `line 2: malformed XML payload: text "hello" outside an element`},
		{"processing instruction", "<?xml version='1.0'?><a/>",
			"line 1: malformed XML payload: processing instructions and directives are not allowed"},
		{"unknown entity", "<a>&nbsp;</a>", "line 1: malformed XML payload: invalid character entity &nbsp;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scansion.ParseStanzas(tt.in)
			if got := errString(err); got != tt.want {
				t.Errorf("ParseStanzas error = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPretty(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"nested", "<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver='1'><item jid='a@b'/></query></iq>",
			"<iq xmlns=\"jabber:client\" type=\"result\" id=\"r1\">\n  <query xmlns=\"jabber:iq:roster\" ver=\"1\">\n    <item jid=\"a@b\"/>\n  </query>\n</iq>"},
		{"text kept, whitespace dropped", "<message>\n\t\t<body>Hi</body>\n</message>",
			"<message xmlns=\"jabber:client\">\n  <body>Hi</body>\n</message>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scansion.Pretty(stanza(t, tt.in)); got != tt.want {
				t.Errorf("Pretty =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if got := scansion.Pretty(nil); got != "" {
		t.Errorf("Pretty(nil) = %q, want empty", got)
	}
}
