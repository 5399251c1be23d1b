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
