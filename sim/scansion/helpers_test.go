package scansion_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

// prosodyScripts lists the class (a) scripts copied from Prosody's suite.
var prosodyScripts = []string{
	"basic.scs",
	"basic_message.scs",
	"basic_roster.scs",
	"issue1121.scs",
	"keep_full_sub_req.scs",
	"presence_preapproval.scs",
}

// readScript reads a file of testdata/prosody.
func readScript(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "prosody", name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// parseScript reads and parses a file of testdata/prosody.
func parseScript(t testing.TB, name string) *scansion.Script {
	t.Helper()
	s, err := scansion.Parse(name, readScript(t, name))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return s
}

// withoutLines returns a copy of s with every Line field zeroed and empty
// Extra maps made nil, for comparisons that ignore layout.
func withoutLines(s *scansion.Script) scansion.Script {
	c := *s
	c.Clients = append([]scansion.Client(nil), s.Clients...)
	for i := range c.Clients {
		c.Clients[i].Line = 0
		if len(c.Clients[i].Extra) == 0 {
			c.Clients[i].Extra = nil
		}
	}
	c.Actions = append([]scansion.Action(nil), s.Actions...)
	for i := range c.Actions {
		c.Actions[i].Line = 0
	}
	return c
}
