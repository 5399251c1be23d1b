package jid_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/jid"
)

func FuzzPrep(f *testing.F) {
	for _, s := range []string{"node@server/resource", "Juliet@LOCALHOST./Res", "@h", "a..", "ﬀ@ＥＸ/\u05d0", "h/\U0001F130"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := jid.Prep(s)
		if !ok {
			return
		}
		again, ok2 := jid.Prep(p)
		if !ok2 || again != p {
			t.Fatalf("Prep not idempotent: %q -> %q -> %q, %v", s, p, again, ok2)
		}
		if _, _, _, ok := jid.Split(p); !ok {
			t.Fatalf("Prep(%q) = %q does not split", s, p)
		}
	})
}
