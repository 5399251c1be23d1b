package scansion_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

// stanza parses one payload element or fails the test.
func stanza(t *testing.T, xml string) *etree.Element {
	t.Helper()
	els, err := scansion.ParseStanzas(xml)
	if err != nil || len(els) != 1 {
		t.Fatalf("ParseStanzas(%q) = %d elements, %v", xml, len(els), err)
	}
	return els[0]
}

// TestMatchRules has, for each matching rule, a row that must match and a
// row that must not, with the expected report.
func TestMatchRules(t *testing.T) {
	tests := []struct {
		name     string
		expected string
		actual   string
		want     string // "" when the stanzas match
	}{
		{"name/match", `<presence/>`, `<presence/>`, ""},
		{"name/mismatch", `<presence/>`, `<message/>`,
			"/presence: expected element <presence>, got <message>"},

		{"namespace prefix-insensitive/match", `<iq><query xmlns='jabber:iq:roster'/></iq>`,
			`<iq><r:query xmlns:r='jabber:iq:roster'/></iq>`, ""},
		{"namespace prefix-insensitive/mismatch", `<iq><query xmlns='jabber:iq:roster'/></iq>`,
			`<iq><query xmlns='jabber:iq:version'/></iq>`,
			"/iq/query: expected namespace 'jabber:iq:roster', got 'jabber:iq:version'"},
		{"default namespace jabber:client/match", `<presence/>`, `<presence xmlns='jabber:client'/>`, ""},
		{"default namespace jabber:client/mismatch", `<presence/>`, `<presence xmlns='jabber:server'/>`,
			"/presence: expected namespace 'jabber:client', got 'jabber:server'"},
		{"namespace inherited/match", `<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`, ""},
		{"namespace inherited/mismatch", `<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item xmlns='urn:x' jid='a'/></query></iq>`,
			"/iq/query/item: expected namespace 'jabber:iq:roster', got 'urn:x'"},

		{"loose attributes: extra allowed/match", `<presence type='subscribe'/>`,
			`<presence type='subscribe' from='a@localhost' id='x1'/>`, ""},
		{"loose attributes: missing/mismatch", `<presence type='subscribe'/>`, `<presence from='a@localhost'/>`,
			"/presence@type: expected 'subscribe', got no attribute"},
		{"attribute values equal/match", `<presence to='romeo@localhost'/>`, `<presence to='romeo@localhost'/>`, ""},
		{"attribute values equal/mismatch", `<presence type='subscribe'/>`, `<presence type='subscribed'/>`,
			"/presence@type: expected 'subscribe', got 'subscribed'"},
		{"no attribute ignored/match", `<message xml:lang='en' id='m1'/>`, `<message id='m1' xml:lang='en'/>`, ""},
		{"no attribute ignored/mismatch", `<message xml:lang='en' id='m1'/>`, `<message id='m1' xml:lang='de'/>`,
			"/message@xml:lang: expected 'en', got 'de'"},

		{"strict attributes/match", `<iq><query xmlns='jabber:iq:roster' ver='1'/></iq>`,
			`<iq><query ver='1' xmlns='jabber:iq:roster'/></iq>`, ""},
		{"strict attributes/mismatch", `<iq><query xmlns='jabber:iq:roster' ver='1'/></iq>`,
			`<iq><query xmlns='jabber:iq:roster' ver='1' extra='x'/></iq>`,
			"/iq/query@extra: expected no attribute, got 'x'"},
		{"strict children of strict parent/match", `<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`, ""},
		{"strict children of strict parent/mismatch", `<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='a' name='A'/></query></iq>`,
			"/iq/query/item@name: expected no attribute, got 'A'"},

		{"scansion:any/match", `<iq type='set' id='{scansion:any}'/>`, `<iq type='set' id='lx09df'/>`, ""},
		{"scansion:any/mismatch", `<iq type='set' id='{scansion:any}'/>`, `<iq type='set'/>`,
			"/iq@id: expected any value, got no attribute"},
		{"scansion:any in strict element/match", `<iq><query xmlns='jabber:iq:roster' ver='{scansion:any}'/></iq>`,
			`<iq><query xmlns='jabber:iq:roster' ver='7'/></iq>`, ""},
		{"scansion:any in strict element/mismatch", `<iq><query xmlns='jabber:iq:roster' ver='{scansion:any}'/></iq>`,
			`<iq><query xmlns='jabber:iq:roster'/></iq>`,
			"/iq/query@ver: expected any value, got no attribute"},

		{"override scansion:strict=false/match",
			`<iq><query xmlns='jabber:iq:version' scansion:strict='false'><name>Prosody</name></query></iq>`,
			`<iq><query xmlns='jabber:iq:version'><name>Prosody</name><version>13.0</version></query></iq>`, ""},
		{"override scansion:strict=false/mismatch",
			`<iq><query xmlns='jabber:iq:version' scansion:strict='false'><name>Prosody</name></query></iq>`,
			`<iq><query xmlns='jabber:iq:version'><version>13.0</version></query></iq>`,
			"/iq/query/name: missing element"},
		{"no override: namespaced is strict/match",
			`<iq><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>`,
			`<iq><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>`, ""},
		{"no override: namespaced is strict/mismatch",
			`<iq><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>`,
			`<iq><query xmlns='jabber:iq:version'><name>Prosody</name><version>13.0</version></query></iq>`,
			"/iq/query/version: unexpected element (expected 1 child elements, got 2)"},
		{"override scansion:strict=true/match", `<message scansion:strict='true' type='chat'/>`,
			`<message type='chat'/>`, ""},
		{"override scansion:strict=true/mismatch", `<message scansion:strict='true' type='chat'/>`,
			`<message type='chat' from='a@localhost/r'/>`,
			"/message@from: expected no attribute, got 'a@localhost/r'"},
		{"override any prefix/match", `<message xmlns:s='` + scansion.NSScansion + `' s:strict='true'/>`,
			`<message/>`, ""},
		{"override value/mismatch", `<message scansion:strict='maybe'/>`, `<message/>`,
			"/message@scansion:strict: invalid value 'maybe' (expected 'true' or 'false')"},

		{"strict text/match", `<iq><query xmlns='jabber:iq:last' seconds='{scansion:any}'>Goodbye</query></iq>`,
			"<iq><query xmlns='jabber:iq:last' seconds='5'>\n  Goodbye  </query></iq>", ""},
		{"strict text/mismatch", `<iq><query xmlns='jabber:iq:last' seconds='{scansion:any}'>Goodbye</query></iq>`,
			`<iq><query xmlns='jabber:iq:last' seconds='5'>Hello</query></iq>`,
			"/iq/query: expected text 'Goodbye', got 'Hello'"},
		{"strict empty text/match", `<iq><query xmlns='jabber:iq:version'><version/></query></iq>`,
			"<iq><query xmlns='jabber:iq:version'><version>  \n </version></query></iq>", ""},
		{"strict empty text/mismatch", `<iq><query xmlns='jabber:iq:version'><version/></query></iq>`,
			`<iq><query xmlns='jabber:iq:version'><version>0.12</version></query></iq>`,
			"/iq/query/version: expected no text, got '0.12'"},
		{"loose empty text not compared/match", `<message><body/></message>`,
			`<message><body>Hi</body></message>`, ""},
		{"loose text compared/mismatch", `<message><body>Hi</body></message>`,
			`<message><body>Bye</body></message>`,
			"/message/body: expected text 'Hi', got 'Bye'"},
		{"loose text missing/mismatch", `<message><body>Hi</body></message>`,
			`<message><body/></message>`,
			"/message/body: expected text 'Hi', got no text"},

		{"loose children: extra and any order/match",
			"<message>\n\t<body>Hi</body>\n\t<thread>t1</thread>\n</message>",
			`<message><thread>t1</thread><stanza-id xmlns='urn:xmpp:sid:0' id='1' by='a@b'/><body>Hi</body></message>`, ""},
		{"loose children: missing/mismatch",
			`<message><body>Hi</body><delay xmlns='urn:xmpp:delay' from='localhost' stamp='{scansion:any}'/></message>`,
			`<message><body>Hi</body></message>`,
			"/message/delay: missing element"},
		{"loose children: one-to-one/match", `<presence><status/><status/></presence>`,
			`<presence><status>a</status><status>b</status></presence>`, ""},
		{"loose children: one-to-one/mismatch", `<presence><status/><status/></presence>`,
			`<presence><status>a</status></presence>`,
			"/presence/status[2]: every matching element is already matched by another expected element"},
		{"loose children: assignment not greedy/match", `<m><a/><a x='1'/></m>`,
			`<m><a x='1'/><a/></m>`, ""},
		{"loose children: assignment not greedy/mismatch", `<m><a/><a x='1'/></m>`,
			`<m><a x='2'/><a/></m>`,
			"/m/a[2]@x: expected '1', got '2'"},

		{"strict children in order/match",
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/><item jid='b'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/><item jid='b'/></query></iq>`, ""},
		{"strict children in order/mismatch",
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/><item jid='b'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='b'/><item jid='a'/></query></iq>`,
			"/iq/query/item[1]@jid: expected 'a', got 'b'"},
		{"strict children count/match", `<iq><query xmlns='jabber:iq:roster'/></iq>`,
			"<iq><query xmlns='jabber:iq:roster'>\n</query></iq>", ""},
		{"strict children count/mismatch",
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/><item jid='b'/></query></iq>`,
			`<iq><query xmlns='jabber:iq:roster'><item jid='a'/></query></iq>`,
			"/iq/query/item[2]: missing element (expected 2 child elements, got 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scansion.Match(stanza(t, tt.expected), stanza(t, tt.actual))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Match = %v, want a match", err)
				}
				return
			}
			var m *scansion.Mismatch
			if !errors.As(err, &m) {
				t.Fatalf("Match = %v (%T), want *Mismatch %q", err, err, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Match =\n %s\nwant\n %s", err, tt.want)
			}
		})
	}
}

// TestMatchDetached matches elements built without any namespace
// declaration, as an engine might build them.
func TestMatchDetached(t *testing.T) {
	tests := []struct {
		name string
		tag  string
		want string
	}{
		{"same name", "presence", ""},
		{"other name", "message", "/presence: expected element <presence>, got <message>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			actual := etree.NewElement(tt.tag)
			actual.CreateAttr("from", "romeo@localhost/r")
			err := scansion.Match(stanza(t, `<presence from='romeo@localhost/r'/>`), actual)
			if got := errString(err); got != tt.want {
				t.Errorf("Match = %q, want %q", got, tt.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestMatcherCaptures(t *testing.T) {
	var m scansion.Matcher
	expected := `<iq type='result' id='{scansion:capture:q1}'/>`
	steps := []struct {
		name   string
		actual string
		want   string
	}{
		{"first binds", `<iq type='result' id='abc'/>`, ""},
		{"same value", `<iq type='result' id='abc'/>`, ""},
		{"other value", `<iq type='result' id='xyz'/>`, "/iq@id: expected 'abc' (captured as 'q1'), got 'xyz'"},
		{"absent", `<iq type='result'/>`, "/iq@id: expected a value for capture 'q1', got no attribute"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := m.Match(stanza(t, expected), stanza(t, st.actual))
			if got := errString(err); got != st.want {
				t.Errorf("Match = %q, want %q", got, st.want)
			}
		})
	}
	if m.Captures["q1"] != "abc" {
		t.Errorf("Captures = %v, want q1=abc", m.Captures)
	}
}

func TestMatchNil(t *testing.T) {
	if err := scansion.Match(nil, etree.NewElement("iq")); err == nil {
		t.Error("Match(nil, iq) = nil, want an error")
	}
}

// nested returns a tree of <a> elements of the given depth, each with two
// children: every expected child fits every received one.
func nested(depth int) string {
	if depth == 0 {
		return "<a/>"
	}
	return "<a>" + nested(depth-1) + nested(depth-1) + "</a>"
}

// TestMatchBounded: matching costs at most MaxComparisons element
// comparisons. Depth 12 took 16.9 s (a 45 KB script froze the page); now
// it is refused with a message that says why, and a tree within the
// bound still matches.
func TestMatchBounded(t *testing.T) {
	for _, tc := range []struct {
		name  string
		depth int
		want  string
	}{
		{"small tree", 6, ""},
		{"depth 12", 12, "/a: the stanzas are too complex to compare: more than 200000 element comparisons"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := nested(tc.depth)
			if got := errString(scansion.Match(stanza(t, x), stanza(t, x))); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func BenchmarkMatchNested(b *testing.B) {
	for _, depth := range []int{6, 10, 12} {
		x := nested(depth)
		els, err := scansion.ParseStanzas(x + x)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint("depth", depth), func(b *testing.B) {
			for b.Loop() {
				_ = scansion.Match(els[0], els[1])
			}
		})
	}
}
