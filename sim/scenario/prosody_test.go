package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// prosodyDir holds Prosody's six c2s-only scansion scripts, copied
// verbatim with their licence and source into the scansion package's
// testdata, which these tests share.
const prosodyDir = "../scansion/testdata/prosody"

// prosodyScripts are Prosody's six c2s-only scansion scripts.
var prosodyScripts = []struct {
	name string
	// discarded is how many stanzas the delivery rule (see doc.go)
	// discards while reading: traced by hand through Prosody.
	discarded int
}{
	{"basic", 0},
	{"basic_message", 1},
	{"basic_roster", 0},
	{"issue1121", 0},
	{"keep_full_sub_req", 0},
	{"presence_preapproval", 2},
}

func TestProsodyScripts(t *testing.T) {
	for _, tc := range prosodyScripts {
		t.Run(tc.name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(prosodyDir, tc.name+".scs"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := Load(tc.name+".scs", src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			outs, f := p.Run()
			if f != nil {
				t.Fatalf("FAIL\n%v", f)
			}
			if n := countDiscarded(outs, SameRead); n != tc.discarded {
				t.Errorf("discarded %d stanzas from reads, Prosody's trace says %d", n, tc.discarded)
			}
		})
	}
}

// TestStrictFIFOFailsBasicMessage checks what the delivery rule predicts: with
// no stanza ever discarded, basic_message.scs fails at "Are you hiding?",
// because the phone's stored presence to the laptop is read first.
func TestStrictFIFOFailsBasicMessage(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(prosodyDir, "basic_message.scs"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load("basic_message.scs", src, Options{StrictFIFO: true})
	if err != nil {
		t.Fatal(err)
	}
	_, f := p.Run()
	if f == nil || f.Line != 134 || f.Path != "/message" {
		t.Fatalf("want a failure at line 134 on /message, got %v", f)
	}
}

func countDiscarded(outs []*Outcome, why string) int {
	n := 0
	for _, o := range outs {
		for _, d := range o.Discarded {
			if d.Why == why {
				n++
			}
		}
	}
	return n
}
