package scansion_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

// actionList renders actions as "line client kind;" items, the format of
// `grep -n` over the action lines of a script.
func actionList(s *scansion.Script) string {
	var b strings.Builder
	for _, a := range s.Actions {
		verb := a.Kind.String()
		fmt.Fprintf(&b, "%d: %s %s;", a.Line, a.Client, verb)
	}
	return b.String()
}

func TestParseProsodyScripts(t *testing.T) {
	tests := []struct {
		file    string
		title   string
		clients []scansion.Client
		actions string // from grep -n over the file's action lines
	}{
		{
			file:  "basic.scs",
			title: "Basic login and initial presence",
			clients: []scansion.Client{
				{Name: "Romeo", JID: "user@localhost", Password: "password", Line: 3},
			},
			actions: "9: Romeo connects;11: Romeo sends;14: Romeo receives;17: Romeo disconnects;",
		},
		{
			file:  "basic_message.scs",
			title: "Basic message routing and delivery",
			clients: []scansion.Client{
				{Name: "Romeo", JID: "user@localhost", Password: "password", Line: 3},
				{Name: "Juliet", JID: "juliet@localhost", Password: "password", Line: 7},
				{Name: "Juliet's phone", JID: "juliet@localhost", Password: "password", Resource: "mobile", Line: 11},
			},
			actions: "21: Romeo connects;23: Juliet connects;25: Juliet's phone connects;29: Romeo sends;32: Romeo receives;37: Romeo sends;42: Juliet receives;49: Romeo sends;54: Juliet's phone receives;65: Romeo sends;72: Juliet's phone sends;75: Juliet's phone receives;78: Juliet's phone receives;87: Romeo sends;92: Juliet's phone receives;99: Juliet sends;104: Juliet receives;109: Juliet's phone receives;117: Romeo sends;122: Juliet's phone receives;129: Romeo sends;134: Juliet receives;141: Juliet sends;144: Juliet receives;147: Juliet's phone receives;153: Romeo sends;158: Juliet receives;163: Juliet's phone receives;170: Romeo disconnects;172: Juliet disconnects;174: Juliet's phone disconnects;",
		},
		{
			file:  "basic_roster.scs",
			title: "Basic roster test",
			clients: []scansion.Client{
				{Name: "Romeo", JID: "user@localhost", Password: "password", Line: 3},
				{Name: "Juliet", JID: "juliet@localhost", Password: "password", Line: 7},
			},
			actions: "13: Romeo connects;15: Juliet connects;17: Romeo sends;20: Romeo receives;23: Romeo sends;28: Romeo receives;35: Romeo sends;44: Romeo receives;49: Romeo receives;56: Romeo sends;61: Romeo sends;66: Romeo receives;73: Romeo disconnects;",
		},
		{
			file:  "issue1121.scs",
			title: `When removing roster contact, Prosody should send directed "unavailable" presence but sends global unavailable presence`,
			clients: []scansion.Client{
				{Name: "Romeo", JID: "romeo@localhost", Password: "password", Line: 3},
				{Name: "Juliet", JID: "juliet@localhost", Password: "password", Line: 7},
			},
			actions: "13: Romeo connects;15: Romeo sends;18: Romeo receives;21: Juliet connects;23: Juliet sends;26: Juliet receives;29: Romeo sends;32: Romeo receives;35: Juliet receives;38: Juliet sends;41: Romeo receives;44: Juliet sends;47: Juliet receives;50: Romeo receives;53: Romeo sends;56: Juliet receives;59: Romeo receives;62: Juliet sends;69: Juliet receives;72: Romeo receives;75: Romeo disconnects;",
		},
		{
			file:  "keep_full_sub_req.scs",
			title: "server MUST keep a record of the complete presence stanza comprising the subscription request (#689)",
			clients: []scansion.Client{
				{Name: "Alice", JID: "pars-a@localhost", Password: "password", Line: 3},
				{Name: "Bob", JID: "pars-b@localhost", Password: "password", Line: 7},
				{Name: "Bob's phone", JID: "pars-b@localhost/phone", Password: "password", Line: 11},
			},
			actions: "17: Alice connects;19: Alice sends;24: Alice disconnects;26: Bob connects;28: Bob sends;31: Bob receives;34: Bob receives;39: Bob disconnects;43: Bob's phone connects;45: Bob's phone sends;48: Bob's phone receives;52: Bob's phone receives;57: Bob's phone disconnects;",
		},
		{
			file:  "presence_preapproval.scs",
			title: "server supports contact subscription pre-approval (RFC 6121 3.4)",
			clients: []scansion.Client{
				{Name: "Alice", JID: "preappove-a@localhost", Password: "password", Line: 3},
				{Name: "Bob", JID: "preapprove-b@localhost", Password: "password", Line: 7},
			},
			actions: "13: Alice connects;15: Alice sends;18: Alice receives;21: Alice sends;24: Bob connects;26: Bob sends;31: Bob receives;37: Bob sends;40: Bob receives;43: Bob sends;46: Bob receives;55: Bob receives;58: Bob disconnects;60: Alice sends;65: Alice receives;72: Alice disconnects;74: Bob disconnects;",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := parseScript(t, tt.file)
			if s.Title != tt.title {
				t.Errorf("Title = %q, want %q", s.Title, tt.title)
			}
			if len(s.Description) != 0 || len(s.Tags) != 0 {
				t.Errorf("Description = %q, Tags = %q, want none", s.Description, s.Tags)
			}
			if !reflect.DeepEqual(s.Clients, tt.clients) {
				t.Errorf("Clients = %+v\nwant %+v", s.Clients, tt.clients)
			}
			if got := actionList(s); got != tt.actions {
				t.Errorf("actions:\n got %s\nwant %s", got, tt.actions)
			}
		})
	}
}

func TestParseProsodyDetails(t *testing.T) {
	s := parseScript(t, "basic_message.scs")
	tests := []struct {
		name     string
		index    int
		comments []string
		xml      string
	}{
		{"comments across blank line", 0, []string{"Act 1, scene 1", "The clients connect"}, ""},
		{"no comment", 1, nil, ""},
		{"one comment", 3, []string{"Romeo publishes his presence. Juliet has not, and so does not receive presence."}, "<presence/>"},
		{"nested payload", 5, []string{"Romeo sends a message to Juliet's full JID"},
			"<message to=\"${Juliet's full JID}\" type=\"chat\">\n\t<body>Hello Juliet!</body>\n</message>"},
		{"comment block of four lines", 9, []string{
			"Scene 2",
			"This requires the server to support offline messages (which is optional).",
			"Romeo sends a message to Juliet's bare JID. This is not immediately delivered, as she",
			"has not published presence on either of her resources.",
		}, "<message to=\"juliet@localhost\" type=\"chat\">\n\t<body>Hello Juliet, are you there?</body>\n</message>"},
		{"last comment", 28, []string{"The End"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.Actions[tt.index]
			if !reflect.DeepEqual(a.Comments, tt.comments) {
				t.Errorf("Comments = %q, want %q", a.Comments, tt.comments)
			}
			if a.XML != tt.xml {
				t.Errorf("XML = %q, want %q", a.XML, tt.xml)
			}
		})
	}
}

// TestProsodyPayloads expands and parses every payload of the six scripts.
func TestProsodyPayloads(t *testing.T) {
	lookup := func(name string) (string, bool) {
		client, prop, ok := scansion.SplitVar(name)
		return strings.ToLower(strings.ReplaceAll(client, " ", "-")) + "@localhost/" + prop, ok
	}
	for _, file := range prosodyScripts {
		t.Run(file, func(t *testing.T) {
			n := 0
			for _, a := range parseScript(t, file).Actions {
				if !a.Kind.HasPayload() {
					continue
				}
				xml, err := scansion.Expand(a.XML, lookup)
				if err != nil {
					t.Fatalf("line %d: Expand: %v", a.Line, err)
				}
				els, err := scansion.ParseStanzas(xml)
				if err != nil || len(els) != 1 {
					t.Fatalf("line %d: ParseStanzas = %d elements, %v; want 1", a.Line, len(els), err)
				}
				n++
			}
			if n == 0 {
				t.Error("no payload in script")
			}
		})
	}
}
