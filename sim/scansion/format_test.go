package scansion_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

// constructed is a Script built in code, as a recorder would build one.
var constructed = &scansion.Script{
	Title:       "Recorded session",
	Description: []string{"Recorded by SessionScope", ""},
	Tags:        []string{"status: draft", "slow"},
	Clients: []scansion.Client{
		{Name: "Romeo", JID: "romeo@localhost", Password: "pw"},
		{Name: "Juliet's phone", JID: "juliet@localhost", Resource: "mobile",
			Extra: map[string]string{"connect_port": "5222", "connect_host": "127.0.0.1"}},
	},
	Actions: []scansion.Action{
		{Client: "Romeo", Kind: scansion.Connects, Comments: []string{"Romeo logs in", ""}},
		{Client: "Juliet's phone", Kind: scansion.Connects},
		{Client: "Romeo", Kind: scansion.Sends,
			XML: "<message to=\"${Juliet's phone's full JID}\" type=\"chat\">\n\t<body>Hi</body>\n</message>"},
		{Client: "Juliet's phone", Kind: scansion.Receives, Comments: []string{"She gets it"},
			XML: "<message from=\"${Romeo's full JID}\">\n\t<body>Hi</body>\n</message>"},
		{Client: "Romeo", Kind: scansion.ReceivesNothing},
		{Client: "Romeo", Kind: scansion.Disconnects},
	},
}

const constructedText = `# Recorded session
# Recorded by SessionScope
#
## status: draft
## slow

[Client] Romeo
	jid: romeo@localhost
	password: pw

[Client] Juliet's phone
	jid: juliet@localhost
	resource: mobile
	connect_host: 127.0.0.1
	connect_port: 5222

---------

# Romeo logs in
#
Romeo connects

Juliet's phone connects

Romeo sends:
	<message to="${Juliet's phone's full JID}" type="chat">
		<body>Hi</body>
	</message>

# She gets it
Juliet's phone receives:
	<message from="${Romeo's full JID}">
		<body>Hi</body>
	</message>

Romeo receives: nothing

Romeo disconnects

`

func TestFormatText(t *testing.T) {
	if got := string(scansion.Format(constructed)); got != constructedText {
		t.Errorf("Format =\n%s\nwant\n%s", got, constructedText)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		script func(t *testing.T) *scansion.Script
	}{
		{"constructed", func(*testing.T) *scansion.Script { return constructed }},
		{"empty", func(*testing.T) *scansion.Script { return &scansion.Script{} }},
		{"description without title", func(*testing.T) *scansion.Script {
			return &scansion.Script{Description: []string{"only a description"}}
		}},
	}
	for _, file := range prosodyScripts {
		tests = append(tests, struct {
			name   string
			script func(t *testing.T) *scansion.Script
		}{file, func(t *testing.T) *scansion.Script { return parseScript(t, file) }})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.script(t)
			text := scansion.Format(s)
			back, err := scansion.Parse(tt.name, text)
			if err != nil {
				t.Fatalf("Parse(Format(s)): %v\n%s", err, text)
			}
			if want, got := withoutLines(s), withoutLines(back); !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(Format(s)) =\n%+v\nwant\n%+v", got, want)
			}
			if again := scansion.Format(back); !bytes.Equal(again, text) {
				t.Errorf("Format is not stable:\n%s\nthen\n%s", text, again)
			}
		})
	}
}

func TestFormatNil(t *testing.T) {
	if got := scansion.Format(nil); len(got) != 0 {
		t.Errorf("Format(nil) = %q, want empty", got)
	}
}

// TestFormatLines checks the lines Parse gives a formatted script.
func TestFormatLines(t *testing.T) {
	s, err := scansion.Parse("c.scs", []byte(constructedText))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"first client", s.Clients[0].Line, 7},
		{"second client", s.Clients[1].Line, 11},
		{"first action", s.Actions[0].Line, 21},
		{"receives", s.Actions[3].Line, 31},
		{"last action", s.Actions[5].Line, 38},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("Line = %d, want %d", tt.got, tt.want)
			}
		})
	}
}
