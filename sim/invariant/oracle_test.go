package invariant_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/session"
)

// watch checks the invariants after every step and input of e, failing t
// at the first one broken, and checks that a Tracker fed with the session
// events agrees with Check. It returns the session states seen.
func watch(t *testing.T, e *engine.Engine, what string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	tr := invariant.NewTracker()
	e.Subscribe(func(ev engine.Event) {
		if ev.Snapshot != nil {
			seen[ev.Snapshot.State] = true
			seen["available"] = seen["available"] || ev.Snapshot.Available
			seen["interested"] = seen["interested"] || ev.Snapshot.Interested
		}
		if ev.Session != nil {
			tr.Update(ev.Session)
		}
		if ev.Kind != engine.StepEnd && ev.Kind != engine.InputApplied {
			return
		}
		all := invariant.Check(e.Server().Sessions())
		for _, r := range invariant.Broken(all) {
			t.Fatalf("%s, step %d: %q broken by %v", what, ev.Step, r.Name, r.Broken)
		}
		if got, want := verdicts(tr.Results()), verdicts(all); got != want {
			t.Fatalf("%s, step %d: the tracker says %s, Check says %s", what, ev.Step, got, want)
		}
	})
	return seen
}

// verdicts sums results up for comparing: each name, whether it holds,
// and the sorted ids breaking it.
func verdicts(rs []invariant.Result) string {
	var b strings.Builder
	for _, r := range rs {
		ids := slices.Sorted(slices.Values(r.Broken))
		fmt.Fprintf(&b, "%s=%v%v;", r.Name, r.Holds, ids)
	}
	return b.String()
}

// TestProsodyScriptsKeepInvariants plays Prosody's scripts and every
// lesson, checking the invariants at each step.
func TestProsodyScriptsKeepInvariants(t *testing.T) {
	files, err := filepath.Glob("../scansion/testdata/prosody/*.scs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := scenario.Load(filepath.Base(f), src, scenario.Options{})
			if err != nil {
				t.Fatal(err)
			}
			watch(t, p.Engine(), filepath.Base(f))
			if _, fail := p.Run(); fail != nil {
				t.Fatalf("the script fails: %v", fail)
			}
		})
	}
	for _, l := range scenario.Lessons() {
		t.Run(l.Name, func(t *testing.T) {
			p, err := l.Player(scenario.Options{})
			if err != nil {
				t.Fatal(err)
			}
			watch(t, p.Engine(), l.Name)
			if _, fail := p.Run(); fail != nil {
				t.Fatalf("the lesson fails: %v", fail)
			}
		})
	}
}

// moves are what a random run is made of: a client action (with its
// arguments), a raw send, a step, a clock advance or a fault.
var moves = []func(e *engine.Engine, c string) error{
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActConnect) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActOpen) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActAuth) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActAuthWrong) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActBind) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActClose) },
	func(e *engine.Engine, c string) error { return e.Act(c, client.ActDrop) },
	func(e *engine.Engine, c string) error { return e.ActWith(c, client.ActRosterGet, nil) },
	func(e *engine.Engine, c string) error { return e.ActWith(c, client.ActPresence, nil) },
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActPresence, map[string]string{"priority": "-1", "show": "away"})
	},
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActPresence, map[string]string{"type": "unavailable"})
	},
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActSubscribe, map[string]string{"to": "juliet@localhost"})
	},
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActSubscribed, map[string]string{"to": "romeo@localhost"})
	},
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActMessage, map[string]string{"to": "romeo@localhost", "body": "hi"})
	},
	func(e *engine.Engine, c string) error {
		return e.ActWith(c, client.ActRosterSet, map[string]string{"jid": "nurse@localhost"})
	},
	func(e *engine.Engine, c string) error { return e.Send(c, "<presence/>") },
	func(e *engine.Engine, c string) error {
		return e.Send(c, "<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>")
	},
	func(e *engine.Engine, c string) error { return e.Send(c, "<message><body>&bad;</body></message>") },
	func(e *engine.Engine, c string) error { return e.Send(c, "</stream:stream>") },
	func(e *engine.Engine, _ string) error { e.Run(1); return nil },
	func(e *engine.Engine, _ string) error { e.Run(5); return nil },
	func(e *engine.Engine, _ string) error { e.Advance(301 * time.Second); return nil },
	func(e *engine.Engine, _ string) error { return e.DisableAccount("juliet", true) },
	func(e *engine.Engine, _ string) error { return e.DisableAccount("juliet", false) },
}

// randomRun plays the moves data names over three clients: two of Romeo's
// (on the same resource, so that binds conflict) and Juliet's, checking
// the invariants at every step.
func randomRun(t *testing.T, conflict string, data []byte) map[string]bool {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Server.ConflictResolve = conflict
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"romeo", "juliet"} {
		if err := e.AddAccount(u, "secret"); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"romeo", "romeo2", "juliet"}
	for i, n := range names {
		user := strings.TrimSuffix(n, "2")
		if _, err := e.AddClient(client.Spec{Name: names[i], User: user, Password: "secret", Resource: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	seen := watch(t, e, "random run")
	for i := 0; i+1 < len(data); i += 2 {
		_ = moves[int(data[i])%len(moves)](e, names[int(data[i+1])%len(names)]) // a move refused now is fine
	}
	e.Run(0)
	return seen
}

// login connects, authenticates and binds Romeo's first two clients
// (moves 0 1 2 1 4, stepping after each).
var login = []byte{0, 0, 20, 0, 1, 0, 20, 0, 2, 0, 20, 0, 1, 0, 20, 0, 4, 0, 20, 0,
	0, 1, 20, 0, 1, 1, 20, 0, 2, 1, 20, 0, 1, 1, 20, 0, 4, 1, 20, 0}

// seeds are the fuzzer's starting runs, with the states each must reach.
var seeds = []struct {
	conflict string
	data     []byte
	reach    []string
}{
	{"kick_old", login, []string{session.StateBound, session.StateDestroyed}},
	{"kick_new", append(slices.Clone(login), 7, 0, 8, 0, 20, 0, 10, 0, 20, 0, 11, 0, 20, 0), []string{session.StateBound}},
	{"increment", append(slices.Clone(login), 7, 0, 8, 0, 7, 1, 8, 1, 20, 0, 21, 0, 20, 0, 5, 0, 20, 0),
		[]string{session.StateBound, "available", "interested", session.StateDestroyed}},
	{"random", append(slices.Clone(login), 15, 0, 16, 1, 17, 0, 20, 0, 18, 1, 20, 0, 21, 0, 20, 0),
		[]string{session.StateBound, session.StateDestroyed}},
}

// TestSeedsReachTheirStates keeps the fuzzer's seeds honest: each reaches
// the states it is there for, so the invariants are checked on them.
func TestSeedsReachTheirStates(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.conflict, func(t *testing.T) {
			seen := randomRun(t, s.conflict, s.data)
			for _, st := range s.reach {
				if !seen[st] {
					t.Errorf("never %s (saw %v)", st, seen)
				}
			}
		})
	}
}

// FuzzInvariants runs random runs; the seeds log everyone in and play
// with presence, conflicts, timeouts and malformed input.
func FuzzInvariants(f *testing.F) {
	for _, s := range seeds {
		f.Add(s.conflict, s.data)
	}
	f.Fuzz(func(t *testing.T, conflict string, data []byte) {
		switch conflict {
		case "kick_old", "kick_new", "increment", "random":
		default:
			conflict = "kick_old"
		}
		if len(data) > 400 {
			data = data[:400]
		}
		randomRun(t, conflict, data)
	})
}
