package control

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/view"
)

// window is the frame window the tests build: every session they make.
var window = view.Window{Hi: 100}

// newBoard returns a board on an empty run with insecure authentication
// (no key derivation), recording what it says, warns and keeps.
func newBoard(t *testing.T) (*Board, *[]string) {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.Packer = deflate.Packer{}
	var said []string
	b.Say = func(s string) { said = append(said, "say: "+s) }
	b.Warn = func(s string) { said = append(said, "warn: "+s) }
	b.Keep = func(name string, s engine.Scenario) {
		said = append(said, "keep: "+name+" ("+strings.Repeat("i", len(s.Inputs))+")")
	}
	return b, &said
}

// login takes the client name through its lifecycle to a bound session.
func login(t *testing.T, b *Board, name string) {
	t.Helper()
	for _, act := range []string{client.ActConnect, client.ActOpen, client.ActAuth, client.ActOpen, client.ActBind} {
		if _, err := b.Call("act", Args{name, act}); err != nil {
			t.Fatalf("%s %s: %v", name, act, err)
		}
		if _, err := b.Call("step", nil); err != nil {
			t.Fatal(err)
		}
	}
}

func TestForkWaitsForConfirmation(t *testing.T) {
	b, _ := newBoard(t)
	if err := b.AddClient("alice", "pw", "home", false); err != nil {
		t.Fatal(err)
	}
	if err := b.TL.Back(1); err != nil {
		t.Fatal(err)
	}
	in := engine.Input{Op: engine.OpAccount, User: "bob", Password: "pw"}
	if err := b.Input(false, in); !errors.Is(err, ErrForkPending) {
		t.Fatalf("an input in the past: got %v, want ErrForkPending", err)
	}
	if f := b.Frame(window); f.Fork != in.String() {
		t.Errorf("frame's fork = %q, want %q", f.Fork, in.String())
	}
	if err := b.ConfirmFork(true); err != nil {
		t.Fatal(err)
	}
	if p := b.Position(); p != (Position{2, 2}) {
		t.Errorf("after the fork, position = %+v, want {2 2}: the account input, then bob's", p)
	}
	if got := b.TL.InputAt(1); got.User != "bob" {
		t.Errorf("the fork's input = %+v, want bob's account", got)
	}
	if f := b.Frame(window); f.Fork != "" {
		t.Errorf("after confirming, the frame still asks: %q", f.Fork)
	}
}

func TestForkDeclinedForgetsTheInput(t *testing.T) {
	b, _ := newBoard(t)
	_ = b.AddClient("alice", "pw", "home", false)
	_ = b.TL.Seek(0)
	_ = b.Input(false, engine.Input{Op: engine.OpAccount, User: "bob", Password: "pw"})
	if err := b.ConfirmFork(false); err != nil {
		t.Fatal(err)
	}
	if p := b.Position(); p != (Position{0, 2}) {
		t.Errorf("declined: position = %+v, want {0 2} (nothing changed)", p)
	}
}

func TestCalls(t *testing.T) {
	b, _ := newBoard(t)
	name, err := b.Call("addClient", Args{`{"user":"alice","password":"pw","resource":"home"}`})
	if err != nil || name != "alice" {
		t.Fatalf("addClient = %v, %v; want alice", name, err)
	}
	if _, err := b.Call("addClient", Args{`{"password":"pw"}`}); err == nil || !strings.Contains(err.Error(), "needs {user") {
		t.Errorf("addClient without a user: %v", err)
	}
	login(t, b, "alice")
	if st, _ := b.Call("act", Args{"alice", client.ActPresence, `{}`}); st == "" {
		t.Errorf("act answers the client's state, got %q", st)
	}
	if _, err := b.Call("act", Args{"nobody", client.ActConnect}); err == nil {
		t.Error("act on an unknown client: no error")
	}
	sessions, _ := b.Call("allSessions", nil)
	ss := sessions.([]session.Snapshot)
	if len(ss) != 1 || ss[0].Fields["username"].Text != "alice" {
		t.Errorf("allSessions = %+v, want alice's session", ss)
	}
	pos, err := b.Call("back", Args{"2"})
	if err != nil || pos.(Position).Step != pos.(Position).Total-2 {
		t.Errorf("back 2 = %+v, %v", pos, err)
	}
	if pos, _ := b.Call("seek", Args{"0"}); pos.(Position).Step != 0 {
		t.Errorf("seek 0 = %+v", pos)
	}
	if _, err := b.Call("configure", Args{`{"c2s_timeout":5}`}); err == nil {
		t.Error("configure after the first input: no error")
	}
	if _, err := b.Call("nonsense", nil); err == nil {
		t.Error("an unknown call: no error")
	}
	for _, name := range []string{"scenario", "log", "invariants", "inFlight", "clients", "lessonStop"} {
		if v, err := b.Call(name, nil); err != nil || v == nil {
			t.Errorf("%s = %v, %v", name, v, err)
		}
	}
	// What they answer, as the console shows it (JSON): at the start, an
	// empty log is [], as the console's documentation promises an array.
	if v, _ := b.Call("log", nil); mustJSON(t, v) != "[]" {
		t.Errorf("log at the start answers %s, want []", mustJSON(t, v))
	}
	if _, err := b.Call("seek", Args{"1000000"}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"clients":    `"name":"alice"`,
		"invariants": `"holds":true`,
		"lessonStop": `{"lesson":"","stop":0,"stops":0,"caption":""}`,
		"log":        `"dir":"in","what":"open"`,
		"inFlight":   `"client":"alice","dir":"in","kind":"data","data":"\u003cpresence/\u003e"`, // acted, not stepped
	} {
		if v, _ := b.Call(name, nil); !strings.Contains(mustJSON(t, v), want) {
			t.Errorf("%s answers %.200s, want it to hold %s", name, mustJSON(t, v), want)
		}
	}
	if !slices.Contains(b.Calls(), "crowd") || len(b.Calls()) < 25 {
		t.Errorf("Calls() = %v", b.Calls())
	}
}

func TestConfigureBeforeTheFirstInput(t *testing.T) {
	b, _ := newBoard(t)
	got, err := b.Call("configure", Args{`{"c2s_timeout":5}`})
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(got)
	if !strings.Contains(string(j), `"c2s_timeout":5`) || b.TL.Config().Server.Timeout.Duration().Seconds() != 5 {
		t.Errorf("configure answered %s; the run has %v", j, b.TL.Config().Server.Timeout)
	}
}

func TestLessonKeepsWorkAndWalksStops(t *testing.T) {
	b, said := newBoard(t)
	_ = b.AddClient("alice", "pw", "home", false)
	w, err := b.Call("lesson", Args{"login_bind"})
	if err != nil {
		t.Fatal(err)
	}
	if w.(view.Where).Stop != 1 {
		t.Errorf("lesson() answers where it is: %+v", w)
	}
	if !slices.ContainsFunc(*said, func(s string) bool { return strings.HasPrefix(s, "keep: before ") }) {
		t.Errorf("the work before the lesson was not kept: %q", *said)
	}
	start := b.Where()
	if start.Stop != 1 || start.Stops < 3 || start.Lesson == "" {
		t.Fatalf("a lesson starts at its first stop: %+v", start)
	}
	if err := b.Jump(1); err != nil {
		t.Fatal(err)
	}
	if got := b.Where().Stop; got != 2 {
		t.Errorf("Next: stop %d, want 2", got)
	}
	if err := b.Jump(-1); err != nil || b.Where().Stop != 1 {
		t.Errorf("Back: stop %d (%v), want 1", b.Where().Stop, err)
	}
	f := b.Frame(window)
	if f.Lesson != start.Lesson || f.Narration == "" || f.Stanza == "" {
		t.Errorf("the frame at a stop names the lesson, its narration and its cause: %q %q %q", f.Lesson, f.Narration, f.Stanza)
	}
	if file, _ := b.Save(); file.Name != "run.json" {
		t.Errorf("saving a lesson shown at a stop offers the run to this step, got %s", file.Name)
	}
	_, _ = b.Call("seek", Args{"1000000"})
	if file, _ := b.Save(); file.Name != "lesson.scs" || !strings.Contains(string(file.Body), "[Client]") {
		t.Errorf("saving a lesson at its end offers its script, got %s", file.Name)
	}
	// A second lesson replaces the first without keeping it.
	n := len(*said)
	if _, err := b.Call("lesson", Args{"resource_conflict"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range (*said)[n:] {
		if strings.HasPrefix(s, "keep:") {
			t.Errorf("a lesson's run was kept: %q", s)
		}
	}
}

func TestRestore(t *testing.T) {
	b, said := newBoard(t)
	_, s, err := view.BuiltIn("login_bind")
	if err != nil {
		t.Fatal(err)
	}
	if !b.Restore(s, "saved run") || b.Lesson == nil {
		t.Fatalf("a lesson's saved run comes back with its lesson (lesson %v): %q", b.Lesson, *said)
	}
	bad := engine.Scenario{Config: engine.DefaultConfig(), Inputs: []engine.Input{{Op: engine.OpAct, Name: "ghost", Action: client.ActConnect}}, Position: 1}
	if b.Restore(bad, "saved run") {
		t.Fatal("a run that does not replay was restored")
	}
	if last := (*said)[len(*said)-1]; !strings.HasPrefix(last, "warn: Could not replay the saved run: ") || !strings.Contains(last, SetAside) {
		t.Errorf("the warning = %q", last)
	}
	if p := b.Position(); p != (Position{0, 0}) || b.Lesson != nil {
		t.Errorf("after a run that does not replay, a new run: %+v, lesson %v", p, b.Lesson != nil)
	}
	if f, err := RunFile(bad); err != nil || !strings.Contains(string(f.Body), `"ghost"`) {
		t.Errorf("RunFile = %s, %v", f.Body, err)
	}
}

func TestTickPausesWhenIdle(t *testing.T) {
	b, _ := newBoard(t)
	_ = b.AddClient("alice", "pw", "home", false)
	_, _ = b.Call("act", Args{"alice", client.ActConnect})
	steps := 0
	for {
		stop, why, err := b.Tick("")
		if err != nil {
			t.Fatal(err)
		}
		if stop {
			if why != "Paused: nothing is pending. Act with a client to go on." {
				t.Errorf("why = %q", why)
			}
			break
		}
		if steps++; steps > 100 {
			t.Fatal("playback never paused")
		}
	}
	if steps == 0 {
		t.Error("the connect delivered nothing")
	}
}

func TestTickPausesOnAStateChange(t *testing.T) {
	b, _ := newBoard(t)
	_ = b.AddClient("alice", "pw", "home", false)
	_, _ = b.Call("act", Args{"alice", client.ActConnect})
	stop, why, err := b.Tick("state")
	if err != nil || !stop || !strings.HasPrefix(why, "Paused: ") || strings.Contains(why, "nothing is pending") {
		t.Errorf("pause on state: %v %q %v", stop, why, err)
	}
}

func TestWarmUp(t *testing.T) {
	if !WarmUp() {
		t.Error("the warm-up run did not go through")
	}
}

// TestStoppedReplayKeepsTheRun: a long restore the user stops is kept
// where it got to, with every input, and says so.
func TestStoppedReplayKeepsTheRun(t *testing.T) {
	b, said := newBoard(t)
	_, s, err := view.BuiltIn("login_bind")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	b.TL.SetStop(func() bool { n++; return n > 5 })
	if !b.Restore(s, "shared run") {
		t.Fatal("a stopped replay was set aside")
	}
	if p := b.Position(); p.Step != 5 || p.Total != len(s.Inputs) {
		t.Errorf("stopped at %+v, want input 5 of %d", p, len(s.Inputs))
	}
	want := fmt.Sprintf("say: Stopped replaying the shared run at input 5 of %d. Seek, or press End, to replay the rest.", len(s.Inputs))
	if last := (*said)[len(*said)-1]; last != want {
		t.Errorf("said %q, want %q", last, want)
	}
	if b.Lesson == nil {
		t.Error("the lesson did not come back with its stopped run")
	}
}

func TestAdopt(t *testing.T) {
	_, lesson, err := view.BuiltIn("login_bind")
	if err != nil {
		t.Fatal(err)
	}
	bad := engine.Scenario{Config: engine.DefaultConfig(), Inputs: []engine.Input{{Op: engine.OpAct, Name: "ghost", Action: client.ActConnect}}, Position: 1}
	for _, tc := range []struct {
		name      string
		begun     bool // the user began a run before storage opened
		early     bool
		restore   *engine.Scenario
		wantKeep  string
		wantTotal int // the current run's inputs after
	}{
		{"nothing to restore", false, true, nil, "", 0},
		{"a saved run", false, false, &lesson, "", len(lesson.Inputs)},
		{"a saved run, ready early, nothing begun", false, true, &lesson, "", len(lesson.Inputs)},
		{"a saved run, ready early, work begun", true, true, &lesson, Recovered, 2},
		{"a run that does not replay", false, false, &bad, SetAside, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newBoard(t)
			if tc.begun {
				_ = b.AddClient("alice", "pw", "home", false)
			}
			keep, name := b.Adopt(tc.restore, "saved run", tc.early)
			if name != tc.wantKeep || (name != "") != (keep != nil) {
				t.Errorf("kept %v as %q, want %q", keep != nil, name, tc.wantKeep)
			}
			if _, total := b.TL.Position(); total != tc.wantTotal {
				t.Errorf("the current run has %d inputs, want %d", total, tc.wantTotal)
			}
		})
	}
}

func TestEnsureTokens(t *testing.T) {
	b, _ := newBoard(t)
	if b.TL.Engine().Tokens() != nil {
		t.Fatal("a run with tokens from the start")
	}
	if err := b.EnsureTokens(); err != nil || b.TL.Engine().Tokens() == nil {
		t.Fatalf("EnsureTokens: %v", err)
	}
	svc := b.TL.Engine().Tokens()
	if err := b.EnsureTokens(); err != nil || b.TL.Engine().Tokens() != svc {
		t.Error("a second EnsureTokens rebuilt the run")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}

// TestShare makes a link that replays the run to its step, and says how
// long it is.
func TestShare(t *testing.T) {
	b, _ := newBoard(t)
	if err := b.AddClient("alice", "pw", "home", false); err != nil {
		t.Fatal(err)
	}
	login(t, b, "alice")
	if err := b.TL.Back(2); err != nil {
		t.Fatal(err)
	}
	frag, msg, err := b.Share()
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := runstore.Shared(deflate.Packer{}, frag)
	if !ok || err != nil {
		t.Fatalf("the link does not read back: %v, %v", ok, err)
	}
	want := b.TL.Scenario()
	if got.Position != want.Position || len(got.Inputs) != len(want.Inputs) {
		t.Errorf("the link holds position %d of %d inputs, want %d of %d", got.Position, len(got.Inputs), want.Position, len(want.Inputs))
	}
	if w := fmt.Sprintf("The address bar now holds a link that replays this run to this step (%d characters).", len(frag)-len("#run=")); msg != w {
		t.Errorf("said %q, want %q", msg, w)
	}
}

// TestBoardPrepare: the page's idle work brings the spare engine to one
// input behind the position a few inputs at a time, then has nothing to
// do; going back one step takes the spare, and the idle work builds the
// next one for the new position.
func TestBoardPrepare(t *testing.T) {
	b, _ := newBoard(t)
	if b.Prepare() {
		t.Fatal("idle work on an empty run")
	}
	if err := b.TL.Crowd(5); err != nil {
		t.Fatal(err)
	}
	prepare := func() int {
		calls := 1
		for b.Prepare() {
			calls++
		}
		return calls
	}
	pos, _ := b.TL.Position()
	if calls := prepare(); calls != (pos-1+prepareStep-1)/prepareStep {
		t.Errorf("%d inputs prepared in %d calls, want %d at a time", pos-1, calls, prepareStep)
	}
	if got, want := b.Spare(), (Spare{Step: pos - 1, Ready: true}); got != want {
		t.Fatalf("spare %+v, want %+v", got, want)
	}
	if err := b.TL.Back(1); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Spare(), (Spare{Step: -1}); got != want {
		t.Fatalf("spare %+v after going back, want %+v: it was not taken", got, want)
	}
	prepare()
	if at, ok := b.TL.Spare(); !ok || at != pos-2 {
		t.Fatalf("spare at %d (%v) after going back, want %d", at, ok, pos-2)
	}
}

// TestBoardPrepareCollects: having built a spare of many inputs, the idle
// work collects garbage once; catching up by a step does not.
func TestBoardPrepareCollects(t *testing.T) {
	b, _ := newBoard(t)
	collected := 0
	b.collect = func() { collected++ }
	if err := b.TL.Crowd(300); err != nil {
		t.Fatal(err)
	}
	for b.Prepare() {
	}
	if pos, _ := b.TL.Position(); collected != 1 || pos < collectAfter {
		t.Fatalf("collected %d times after a spare of %d inputs, want once", collected, pos-1)
	}
	for range 3 {
		if err := b.TL.Apply(engine.Input{Op: engine.OpAdvance, Duration: time.Second}); err != nil {
			t.Fatal(err)
		}
		for b.Prepare() {
		}
	}
	if collected != 1 {
		t.Fatalf("collected %d times, want no more for three steps", collected)
	}
}
