package engine_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// TestCrowd logs a crowd in with hashed and with insecure authentication:
// every client ends bound under its own name, and the run replays.
func TestCrowd(t *testing.T) {
	for name, auth := range map[string]string{"hashed passwords": "internal_hashed", "insecure": "insecure"} {
		t.Run(name, func(t *testing.T) {
			cfg := engine.DefaultConfig()
			cfg.Server.Authentication = auth
			cfg.Server.DefaultIterationCount = 4096
			tl, err := engine.NewTimeline(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := tl.Crowd(3); err != nil {
				t.Fatal(err)
			}
			sessions := tl.Engine().Sessions()
			if len(sessions) != 3 {
				t.Fatalf("%d sessions, want 3", len(sessions))
			}
			for i, s := range sessions {
				want := "crowd" + string(rune('1'+i)) + "@localhost/r"
				if s.State != session.StateBound || s.Field("full_jid").Text != want {
					t.Errorf("session %d: %s %q, want bound %q", i, s.State, s.Field("full_jid").Text, want)
				}
			}
			if _, err := engine.Replay(cfg, tl.Inputs()); err != nil {
				t.Errorf("the crowd's run does not replay: %v", err)
			}
		})
	}
}

// TestRunIdle: from back in the run, RunIdle replays to the end of the
// recording and then steps until nothing is pending.
func TestRunIdle(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Crowd(2); err != nil {
		t.Fatal(err)
	}
	if err := tl.Apply(engine.Input{Op: engine.OpAct, Name: "crowd1", Action: "close"}); err != nil {
		t.Fatal(err)
	}
	if err := tl.Back(5); err != nil {
		t.Fatal(err)
	}
	if err := tl.RunIdle(1000); err != nil {
		t.Fatal(err)
	}
	step, total := tl.Position()
	if step != total || tl.Engine().Pending() != 0 {
		t.Errorf("at %d of %d with %d pending, want at the end with nothing pending", step, total, tl.Engine().Pending())
	}
	if s := tl.Engine().Sessions()[0]; s.State != session.StateDestroyed {
		t.Errorf("crowd1's session is %s after its close was delivered", s.State)
	}
}

// TestApplied: Applied counts every input, each step of a folded step
// input apart, as replaying them one by one would.
func TestApplied(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Crowd(3); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, in := range tl.Engine().Inputs() {
		want += max(in.N, 1)
	}
	if got := tl.Engine().Applied(); got != want || got <= len(tl.Engine().Inputs()) {
		t.Errorf("Applied() = %d, want %d (%d folded inputs)", got, want, len(tl.Engine().Inputs()))
	}
}
