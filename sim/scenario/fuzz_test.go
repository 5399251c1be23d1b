package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzPlay: no script, however malformed its actions or payloads, makes
// the runner panic or hang.
func FuzzPlay(f *testing.F) {
	for _, l := range Lessons() {
		f.Add(l.Source)
	}
	files, _ := filepath.Glob(filepath.Join(prosodyDir, "*.scs"))
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Load("fuzz.scs", src, Options{MaxSteps: 2000})
		if err != nil {
			return
		}
		outs, fail := p.Run()
		if fail == nil && len(outs) != len(p.Script().Actions) {
			t.Fatalf("passed after %d of %d actions", len(outs), len(p.Script().Actions))
		}
		if fail != nil && (fail.Step < 1 || fail.Step > len(p.Script().Actions)) {
			t.Fatalf("failure at step %d of %d", fail.Step, len(p.Script().Actions))
		}
	})
}
