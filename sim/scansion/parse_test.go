package scansion_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

// romeo is a client block used by the small scripts below.
const romeo = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"missing separator before action", "# T\n\n" + romeo + "Romeo connects\n",
			`t.scs:7: expected "[Client] <name>" or a separator line of dashes ("---"), got "Romeo connects"`},
		{"missing separator at end", romeo,
			`t.scs:5: missing separator: expected a line of dashes ("---") after the client definitions`},
		{"unknown client", romeo + "-----\nRomeo connects\nTybalt connects\n",
			`t.scs:7: unknown client "Tybalt"`},
		{"unknown client with payload", romeo + "-----\nFriar Laurence sends:\n\t<presence/>\n",
			`t.scs:6: unknown client "Friar Laurence"`},
		{"unknown action", romeo + "-----\nRomeo sleeps\n",
			`t.scs:6: unknown action "sleeps" for client "Romeo": expected connects, disconnects, sends or receives`},
		{"unexpected argument", romeo + "-----\nRomeo sends: <presence/>\n",
			`t.scs:6: unexpected argument "<presence/>" after "sends"`},
		{"no action verb", romeo + "-----\nRomeo\n",
			`t.scs:6: expected an action "<client> <action>", got "Romeo"`},
		{"space-indented payload", romeo + "-----\nRomeo sends:\n    <presence/>\n",
			`t.scs:7: bad indentation: indent payload and property lines with a tab, not spaces`},
		{"space-indented payload line", romeo + "-----\nRomeo sends:\n\t<presence>\n  </presence>\n",
			`t.scs:8: bad indentation: indent payload and property lines with a tab, not spaces`},
		{"space-indented property", "[Client] Romeo\n  jid: romeo@localhost\n-----\n",
			`t.scs:2: bad indentation: indent payload and property lines with a tab, not spaces`},
		{"unterminated payload", romeo + "-----\nRomeo sends:\n\t<message to='a@b'>\n\t\t<body>hi</body>\n\nRomeo disconnects\n",
			`t.scs:7: unterminated payload: element <message> is not closed`},
		{"unterminated inner element", romeo + "-----\nRomeo sends:\n\t<message>\n\t\t<body>hi\n\t</message>\n",
			`t.scs:9: malformed XML payload: element <body> closed by </message>`},
		{"malformed XML payload", romeo + "-----\nRomeo sends:\n\t<presence>\n\t</message>\n",
			`t.scs:8: malformed XML payload: element <presence> closed by </message>`},
		{"malformed attribute", romeo + "-----\nRomeo receives:\n\t<presence type=unavailable/>\n",
			`t.scs:7: malformed XML payload: unquoted or missing attribute value in element`},
		{"text outside element", romeo + "-----\nRomeo sends:\n\t<presence/>\n\thello\n",
			`t.scs:8: malformed XML payload: text "hello" outside an element`},
		{"payload without element", romeo + "-----\nRomeo sends:\n\t<!-- nothing -->\n",
			`t.scs:7: payload holds no element`},
		{"unknown variable client", romeo + "-----\nRomeo sends:\n\t<presence/>\n\t<message to=\"${Tybalt's JID}\"/>\n",
			`t.scs:8: unknown variable ${Tybalt's JID}: no client named 'Tybalt'`},
		{"unknown variable property", romeo + "-----\nRomeo sends:\n\t<message to=\"${Romeo's nickname}\"/>\n",
			`t.scs:7: unknown variable ${Romeo's nickname}: unknown property 'nickname' (expected "JID" or "full JID")`},
		{"variable without property", romeo + "-----\nRomeo sends:\n\t<message to=\"${Romeo}\"/>\n",
			`t.scs:7: unknown variable ${Romeo}: expected ${<client>'s JID} or ${<client>'s full JID}`},
		{"unterminated variable", romeo + "-----\nRomeo sends:\n\t<message to=\"${Romeo's JID\"/>\n",
			`t.scs:7: unterminated variable: expected '}' after '${'`},
		{"missing payload", romeo + "-----\nRomeo sends:\n\nRomeo disconnects\n",
			`t.scs:6: expected an XML payload on the next lines, indented with a tab, after "Romeo sends"`},
		{"payload after connects", romeo + "-----\nRomeo connects\n\t<presence/>\n",
			`t.scs:7: unexpected payload: "connects" takes none`},
		{"payload after receives nothing", romeo + "-----\nRomeo receives: nothing\n\t<presence/>\n",
			`t.scs:7: unexpected payload: "receives: nothing" takes none`},
		{"orphan payload block", romeo + "-----\nRomeo sends:\n\t<presence/>\n\n\t<presence/>\n",
			`t.scs:9: unexpected indented line: a payload must directly follow its "sends" or "receives" line`},
		{"duplicate client", romeo + romeo + "-----\n",
			`t.scs:5: duplicate client "Romeo"`},
		{"client without jid", "[Client] Romeo\n\tpassword: x\n-----\n",
			`t.scs:1: client "Romeo" has no jid`},
		{"conflicting resources", "[Client] Romeo\n\tjid: romeo@localhost/a\n\tresource: b\n-----\n",
			`t.scs:1: client "Romeo": resource "b" differs from the resource of jid "romeo@localhost/a"`},
		{"unknown character class", "[Component] pubsub\n\tjid: pubsub.localhost\n-----\n",
			`t.scs:1: unknown character class "Component": expected [Client]`},
		{"empty client name", "[Client]\n-----\n",
			`t.scs:1: expected a client name after "[Client]"`},
		{"comment-like client name", "[Client] # Romeo\n-----\n",
			`t.scs:1: client name "# Romeo" must not start with "#", "//", "--" or "["`},
		{"property outside block", "\tjid: romeo@localhost\n-----\n",
			`t.scs:1: property line outside a [Client] block`},
		{"property after blank line", "[Client] Romeo\n\n\tjid: romeo@localhost\n-----\n",
			`t.scs:3: property line outside a [Client] block`},
		{"malformed property", "[Client] Romeo\n\tjid romeo@localhost\n-----\n",
			`t.scs:2: expected a property line "key: value", got "jid romeo@localhost"`},
		{"duplicate property", "[Client] Romeo\n\tjid: a@b\n\tjid: c@d\n-----\n",
			`t.scs:3: duplicate property "jid" for client "Romeo"`},
		{"second separator", romeo + "-----\nRomeo connects\n-----\n",
			`t.scs:7: unexpected second separator line`},
		{"client after separator", "-----\n" + romeo,
			`t.scs:2: client definitions must come before the separator`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scansion.Parse("t.scs", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded with %d actions, want error %q", len(s.Actions), tt.want)
			}
			var pe *scansion.ParseError
			if !errors.As(err, &pe) || pe.File != "t.scs" {
				t.Errorf("error %T %v is not a *ParseError for t.scs", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    scansion.Script
		actions string
	}{
		{
			name: "header, tags, extra properties, comment styles",
			src: "# Title\n# first\n#\n# third\n## status: stable\n# a comment\n// another\n" +
				"[Client] Juliet's phone\n\tjid: juliet@localhost\n\tconnect_port: 5222\n\tconnect_host:\n\n" +
				"-----\n-- commented out\n--\n// also\n## two hashes\nJuliet's phone connects   \n",
			want: scansion.Script{
				Title:       "Title",
				Description: []string{"first", "", "third"},
				Tags:        []string{"status: stable"},
				Clients: []scansion.Client{{Name: "Juliet's phone", JID: "juliet@localhost", Line: 8,
					Extra: map[string]string{"connect_port": "5222", "connect_host": ""}}},
				Actions: []scansion.Action{{Line: 18, Client: "Juliet's phone", Kind: scansion.Connects,
					Comments: []string{"# two hashes"}}},
			},
		},
		{
			name: "optional colon, receives nothing, longest name, CRLF",
			src: "[Client] Juliet\r\n\tjid: juliet@localhost\r\n[Client] Juliet's phone\r\n\tjid: juliet@localhost/mobile\r\n---\r\n" +
				"Juliet sends\r\n\t<presence/>\r\nJuliet's phone receives nothing\r\nJuliet receives: nothing\r\nJuliet's phone disconnects:\r\n",
			want: scansion.Script{
				Clients: []scansion.Client{
					{Name: "Juliet", JID: "juliet@localhost", Line: 1},
					{Name: "Juliet's phone", JID: "juliet@localhost/mobile", Line: 3},
				},
				Actions: []scansion.Action{
					{Line: 6, Client: "Juliet", Kind: scansion.Sends, XML: "<presence/>"},
					{Line: 8, Client: "Juliet's phone", Kind: scansion.ReceivesNothing},
					{Line: 9, Client: "Juliet", Kind: scansion.ReceivesNothing},
					{Line: 10, Client: "Juliet's phone", Kind: scansion.Disconnects},
				},
			},
		},
		{
			name: "multi-line tag, scansion prefix, several elements",
			src:  romeo + "-----\nRomeo receives:\n\t<iq type='result'\n\t    id='1'>\n\t\t<query xmlns='jabber:iq:version' scansion:strict='false'/>\n\t</iq>\n\t<presence/>\n",
			want: scansion.Script{
				Clients: []scansion.Client{{Name: "Romeo", JID: "romeo@localhost", Password: "password", Line: 1}},
				Actions: []scansion.Action{{Line: 6, Client: "Romeo", Kind: scansion.Receives,
					XML: "<iq type='result'\n    id='1'>\n\t<query xmlns='jabber:iq:version' scansion:strict='false'/>\n</iq>\n<presence/>"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scansion.Parse("t.scs", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*s, tt.want) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", *s, tt.want)
			}
		})
	}
}

func TestClientJIDs(t *testing.T) {
	tests := []struct {
		name     string
		client   scansion.Client
		bare     string
		resource string
	}{
		{"bare", scansion.Client{JID: "romeo@localhost"}, "romeo@localhost", ""},
		{"resource in jid", scansion.Client{JID: "pars-b@localhost/phone"}, "pars-b@localhost", "phone"},
		{"resource property", scansion.Client{JID: "juliet@localhost", Resource: "mobile"}, "juliet@localhost", "mobile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.client.BareJID(); got != tt.bare {
				t.Errorf("BareJID = %q, want %q", got, tt.bare)
			}
			if got := tt.client.RequestedResource(); got != tt.resource {
				t.Errorf("RequestedResource = %q, want %q", got, tt.resource)
			}
		})
	}
}

func TestScriptClient(t *testing.T) {
	s := parseScript(t, "keep_full_sub_req.scs")
	tests := []struct {
		name, client, jid string
		ok                bool
	}{
		{"declared", "Bob's phone", "pars-b@localhost/phone", true},
		{"undeclared", "Carol", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := s.Client(tt.client)
			if ok != tt.ok || c.JID != tt.jid {
				t.Errorf("Client(%q) = %q, %v; want %q, %v", tt.client, c.JID, ok, tt.jid, tt.ok)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		kind scansion.Kind
		want string
	}{
		{scansion.Connects, "connects"},
		{scansion.Disconnects, "disconnects"},
		{scansion.Sends, "sends"},
		{scansion.Receives, "receives"},
		{scansion.ReceivesNothing, "receives: nothing"},
		{scansion.Kind(0), "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			if strings.Contains(tt.want, " ") && tt.kind.HasPayload() {
				t.Error("receives: nothing has no payload")
			}
		})
	}
}

// TestTitle checks Title agrees with Parse on every script in testdata.
func TestTitle(t *testing.T) {
	files, err := filepath.Glob("testdata/prosody/*.scs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := scansion.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		if got := scansion.Title(src); got != s.Title || got == "" {
			t.Errorf("%s: Title %q, Parse %q", f, got, s.Title)
		}
	}
	for src, want := range map[string]string{"": "", "\n\n# Hello \r\n# more\n": "Hello", "## tag\n# x": "", "[Client] a\n": ""} {
		if got := scansion.Title([]byte(src)); got != want {
			t.Errorf("Title(%q) = %q, want %q", src, got, want)
		}
	}
}
