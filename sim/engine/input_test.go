package engine_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

func TestInputString(t *testing.T) {
	tests := []struct {
		name string
		in   engine.Input
		want string
	}{
		{"account", engine.Input{Op: engine.OpAccount, User: "bob", Password: "pw"}, "add account bob"},
		{"client", engine.Input{Op: engine.OpClient, Client: &client.Spec{User: "alice"}}, "add client alice"},
		{"named client", engine.Input{Op: engine.OpClient, Client: &client.Spec{Name: "phone", User: "alice"}}, "add client phone"},
		{"client without a spec", engine.Input{Op: engine.OpClient}, "add client (no spec)"},
		{"act", engine.Input{Op: engine.OpAct, Name: "alice", Action: "connect"}, "alice connect"},
		{"act with args", engine.Input{Op: engine.OpAct, Name: "alice", Action: "message", Args: map[string]string{"to": "bob@localhost"}}, "alice message"},
		{"step", engine.Input{Op: engine.OpStep}, "step"},
		{"one step", engine.Input{Op: engine.OpStep, N: 1}, "step"},
		{"folded steps", engine.Input{Op: engine.OpStep, N: 3}, "step ×3"},
		{"advance", engine.Input{Op: engine.OpAdvance, Duration: 5 * time.Minute}, "advance the clock 5m0s"},
		{"send", engine.Input{Op: engine.OpSend, Name: "alice", Raw: "<x/>"}, "alice sends raw XML"},
		{"dismiss", engine.Input{Op: engine.OpDismiss, ID: "c2s1"}, "dismiss c2s1"},
		{"disable", engine.Input{Op: engine.OpDisable, User: "bob", Disabled: true}, "disable account bob"},
		{"enable", engine.Input{Op: engine.OpDisable, User: "bob"}, "enable account bob"},
		{"delete account", engine.Input{Op: engine.OpDeleteAccount, User: "bob"}, "delete account bob"},
		{"remove client", engine.Input{Op: engine.OpRemoveClient, Name: "alice"}, "remove client alice"},
		{"drop", engine.Input{Op: engine.OpDrop, ID: "12"}, "drop delivery 12"},
		{"delay", engine.Input{Op: engine.OpDelay, ID: "12"}, "delay delivery 12"},
		{"dial", engine.Input{Op: engine.OpDial, Name: "ext1"}, "dial ext1"},
		{"recv", engine.Input{Op: engine.OpRecv, Name: "ext1", Raw: "<x/>"}, "recv ext1"},
		{"hangup", engine.Input{Op: engine.OpHangup, Name: "ext1"}, "hangup ext1"},
		{"unknown", engine.Input{Op: "frobnicate"}, "frobnicate"},
		{"no op", engine.Input{}, "an input without an op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestApplyUnknownOp(t *testing.T) {
	tests := []struct {
		name string
		op   engine.Op
		want string
	}{
		{"made up", "frobnicate", `engine: unknown input "frobnicate"`},
		{"empty", "", `engine: unknown input ""`},
		{"wrong case", "Drop", `engine: unknown input "Drop"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := engine.New(engine.DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Apply(engine.Input{Op: tt.op}); err == nil || err.Error() != tt.want {
				t.Errorf("Apply: %v, want %s", err, tt.want)
			}
			if n := len(e.Inputs()); n != 0 {
				t.Errorf("%d inputs recorded", n)
			}
		})
	}
}

// tlRun is a test's run on a timeline: apply records inputs, settle steps
// until nothing is pending.
type tlRun struct {
	t      *testing.T
	tl     *engine.Timeline
	prefix string // of the run's user and client names
}

// n is a user or client name in this run.
func (r tlRun) n(name string) string { return r.prefix + name }

func (r tlRun) apply(ins ...engine.Input) {
	r.t.Helper()
	for _, in := range ins {
		if err := r.tl.Apply(in); err != nil {
			r.t.Fatalf("%s: %v", in, err)
		}
	}
}

func (r tlRun) settle() {
	r.t.Helper()
	if _, err := r.tl.Forward(1000); err != nil {
		r.t.Fatal(err)
	}
}

// login adds user's account and a client named after it, and logs it in.
func (r tlRun) login(user string) {
	r.t.Helper()
	r.apply(engine.Input{Op: engine.OpAccount, User: user, Password: "pw"},
		engine.Input{Op: engine.OpClient, Client: &client.Spec{User: user, Password: "pw", Resource: "r"}})
	for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
		r.apply(engine.Input{Op: engine.OpAct, Name: user, Action: a})
		r.settle()
	}
}

// pending returns the sequence number of the i-th pending delivery.
func (r tlRun) pending(i int) string {
	r.t.Helper()
	q := r.tl.Engine().Network().Queue()
	if i >= len(q) {
		r.t.Fatalf("%d deliveries pending, want more than %d", len(q), i)
	}
	return strconv.FormatUint(q[i].Seq, 10)
}

// destroyed returns the id of the first destroyed session.
func (r tlRun) destroyed() string {
	r.t.Helper()
	for _, s := range r.tl.Engine().Sessions() {
		if s.State == "destroyed" {
			return s.ID
		}
	}
	r.t.Fatal("no destroyed session")
	return ""
}

func runDrop(r tlRun) {
	a := r.n("alice")
	r.login(a)
	r.apply(engine.Input{Op: engine.OpAct, Name: a, Action: "message", Args: map[string]string{"to": a + "@localhost", "body": "lost"}})
	r.apply(engine.Input{Op: engine.OpDrop, ID: r.pending(0)})
	r.settle()
}

func runDelay(r tlRun) {
	a, b := r.n("alice"), r.n("bob")
	r.login(a)
	r.login(b)
	r.apply(engine.Input{Op: engine.OpSend, Name: a, Raw: "<message to='" + b + "@localhost'><body>one</body></message>"},
		engine.Input{Op: engine.OpSend, Name: b, Raw: "<message to='" + a + "@localhost'><body>two</body></message>"})
	r.apply(engine.Input{Op: engine.OpDelay, ID: r.pending(0)})
	r.settle()
}

func runDismiss(r tlRun) {
	a := r.n("alice")
	r.login(a)
	r.apply(engine.Input{Op: engine.OpAct, Name: a, Action: "drop"})
	r.settle()
	r.apply(engine.Input{Op: engine.OpDismiss, ID: r.destroyed()})
}

func runRemoveClient(r tlRun) {
	a := r.n("alice")
	r.login(a)
	r.apply(engine.Input{Op: engine.OpRemoveClient, Name: a})
	r.settle()
	r.apply(engine.Input{Op: engine.OpClient, Client: &client.Spec{User: a, Password: "pw"}})
}

func runDeleteAccount(r tlRun) {
	a, b := r.n("alice"), r.n("bob")
	r.login(a)
	r.login(b)
	r.apply(engine.Input{Op: engine.OpDeleteAccount, User: b})
	r.settle()
}

func runDisable(r tlRun) {
	b := r.n("bob")
	r.login(b)
	r.apply(engine.Input{Op: engine.OpDisable, User: b, Disabled: true})
	r.settle()
	r.apply(engine.Input{Op: engine.OpDisable, User: b})
	r.login(r.n("bob2"))
}

func runTimeout(r tlRun) {
	c := r.n("carol")
	r.apply(engine.Input{Op: engine.OpAccount, User: c, Password: "pw"},
		engine.Input{Op: engine.OpClient, Client: &client.Spec{Name: c + "-phone", User: c, Password: "pw"}},
		engine.Input{Op: engine.OpAct, Name: c + "-phone", Action: "connect"},
		engine.Input{Op: engine.OpAct, Name: c + "-phone", Action: "open"},
		engine.Input{Op: engine.OpStep, N: 2},
		engine.Input{Op: engine.OpAdvance, Duration: 301 * time.Second})
	r.settle()
}

// runEverything is every run above, one after the other, on one timeline.
func runEverything(r tlRun) {
	for i, run := range []func(tlRun){runDrop, runDelay, runDismiss, runRemoveClient, runDeleteAccount, runDisable, runTimeout} {
		run(tlRun{r.t, r.tl, "r" + strconv.Itoa(i)})
	}
}

// TestReplayMatchesTimeline replays runs made on a timeline with
// engine.Replay, from the timeline's inputs and from its engine's, through
// JSON as a saved run goes: the transcript is the timeline's.
func TestReplayMatchesTimeline(t *testing.T) {
	tests := []struct {
		name string
		run  func(r tlRun)
		want string // in the transcript: the run did what it says
	}{
		{"drop", runDrop, "input  drop "},
		{"delay", runDelay, "input  delay "},
		{"dismiss", runDismiss, "input  dismiss"},
		{"remove client", runRemoveClient, "input alice remove client alice"},
		{"delete account", runDeleteAccount, "input  delete account bob@localhost"},
		{"disable and enable account", runDisable, "Account disabled"},
		{"timeout and folded steps", runTimeout, "connection-timeout"},
		{"every kind at once", runEverything, "input r6carol-phone open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTimeline(t)
			var want engine.Transcript
			tl.Subscribe(want.Observe)
			tt.run(tlRun{t, tl, ""})
			if !strings.Contains(want.String(), tt.want) {
				t.Fatalf("the run's transcript lacks %q:\n%s", tt.want, want.String())
			}
			s := savedAndLoaded(t, tl.Scenario())
			for name, inputs := range map[string][]engine.Input{"timeline": s.Inputs, "engine": tl.Engine().Inputs()} {
				var got engine.Transcript
				if _, err := engine.Replay(s.Config, inputs, got.Observe); err != nil {
					t.Fatalf("replaying the %s's inputs: %v", name, err)
				}
				if got.String() != want.String() {
					t.Errorf("replay of the %s's inputs differs:\n--- timeline\n%s\n--- replay\n%s", name, want.String(), got.String())
				}
			}
			if got, want := opsBesidesSteps(tl.Engine().Inputs()), opsBesidesSteps(tl.Inputs()); got != want {
				t.Errorf("the engine recorded %s\nthe timeline %s", got, want)
			}
		})
	}
}

func savedAndLoaded(t *testing.T, s engine.Scenario) engine.Scenario {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back engine.Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// opsBesidesSteps lists the ops of inputs other than steps, and counts
// the steps, which the engine folds and the timeline does not.
func opsBesidesSteps(inputs []engine.Input) string {
	var ops []string
	steps := 0
	for _, in := range inputs {
		if in.Op == engine.OpStep {
			steps += max(in.N, 1)
			continue
		}
		ops = append(ops, string(in.Op))
	}
	return strings.Join(ops, " ") + " and " + strconv.Itoa(steps) + " steps"
}

func TestDismissIsReportedOnce(t *testing.T) {
	tl := newTimeline(t)
	var said []string
	tl.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.InputApplied && ev.What == "dismiss" {
			said = append(said, ev.SessionID)
		}
	})
	runDismiss(tlRun{t, tl, ""})
	if len(said) != 1 || said[0] == "" {
		t.Fatalf("dismiss events %q, want one with the session's id", said)
	}
	e, err := engine.New(tl.Config())
	if err != nil {
		t.Fatal(err)
	}
	var direct []string
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.InputApplied {
			direct = append(direct, ev.SessionID+" "+ev.What)
		}
	})
	e.Dismiss("c2s9")
	if len(direct) != 1 || direct[0] != "c2s9 dismiss" {
		t.Errorf("Engine.Dismiss reported %q, want [c2s9 dismiss]", direct)
	}
}

// damaged is a run whose input 4 is replaced by bad.
func damaged(bad engine.Input) []engine.Input {
	return []engine.Input{
		{Op: engine.OpAccount, User: "alice", Password: "pw"},
		{Op: engine.OpClient, Client: &client.Spec{User: "alice", Password: "pw"}},
		{Op: engine.OpAct, Name: "alice", Action: "connect"},
		bad,
		{Op: engine.OpStep},
	}
}

func TestReplayNamesTheFailedInput(t *testing.T) {
	tests := []struct {
		name string
		bad  engine.Input
		want string
	}{
		{"missing client", engine.Input{Op: engine.OpAct, Name: "bob", Action: "connect"}, `engine: input 4 (bob connect): no client named "bob"`},
		{"missing delivery", engine.Input{Op: engine.OpDrop, ID: "99"}, "engine: input 4 (drop delivery 99): no pending delivery 99"},
		{"bad delivery number", engine.Input{Op: engine.OpDelay, ID: "x"}, `engine: input 4 (delay delivery x): bad delivery number "x"`},
		{"too many steps", engine.Input{Op: engine.OpStep, N: 3}, "engine: input 4 (step ×3): nothing is pending after 1 of 3 steps"},
		{"client without a spec", engine.Input{Op: engine.OpClient}, "engine: input 4 (add client (no spec)): client input without a spec"},
		{"missing account", engine.Input{Op: engine.OpDeleteAccount, User: "bob"}, "engine: input 4 (delete account bob): no account bob@localhost"},
		{"unknown op", engine.Input{Op: "frobnicate"}, `engine: input 4 (frobnicate): unknown input "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := engine.Replay(engine.DefaultConfig(), damaged(tt.bad))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Replay: %v\nwant %s", err, tt.want)
			}
			var ie *engine.InputError
			if !errors.As(err, &ie) || ie.Index != 4 || ie.Input.Op != tt.bad.Op {
				t.Errorf("error %#v is not an InputError for input 4", err)
			}
		})
	}
}

func TestStepWithNothingPending(t *testing.T) {
	e, err := engine.New(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(engine.Input{Op: engine.OpStep}); !errors.Is(err, engine.ErrIdle) {
		t.Errorf("step on an idle engine: %v, want ErrIdle", err)
	}
	if n := len(e.Inputs()); n != 0 {
		t.Errorf("%d inputs recorded", n)
	}
}
