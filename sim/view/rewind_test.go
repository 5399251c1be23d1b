package view_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

// TestRewindExact: going back with the model's history, the timeline
// replaying the run unobserved (engine.Rewinder), shows exactly what a
// model that observed the replay up to there shows, and the run goes on
// from there exactly alike, holding changes or not.
func TestRewindExact(t *testing.T) {
	for _, r := range rewindRuns(t) {
		t.Run(r.name, func(t *testing.T) { checkRewinds(t, r.s, false) })
	}
}

// TestRewindSpare: going back from a spare engine (engine.PrepareSpare),
// whole or partly prepared, shows exactly what an observed replay shows,
// and so does going on from there.
func TestRewindSpare(t *testing.T) {
	for _, r := range rewindRuns(t) {
		t.Run(r.name, func(t *testing.T) { checkRewinds(t, r.s, true) })
	}
}

// TestRewindWindow: a model keeps a bounded history; going back past it
// replays the run observed, and both ways show the same.
func TestRewindWindow(t *testing.T) {
	defer view.SetRewindWindow(8)()
	checkRewinds(t, crowdRun(t), false)
	checkRewinds(t, crowdRun(t), true)
}

// namedRun is a run to go back in.
type namedRun struct {
	name string
	s    engine.Scenario
}

// rewindRuns are the built-in lessons, the runs the view scripts make
// (faults, dismissals, deleted accounts, tokens...) and a crowd talking.
func rewindRuns(t *testing.T) []namedRun {
	var runs []namedRun
	for _, l := range scenario.Lessons() {
		_, s, err := view.BuiltIn(l.Name)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, namedRun{"lesson " + l.Name, s})
	}
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		runs = append(runs, namedRun{"script " + filepath.Base(f), scriptRun(t, f)})
	}
	return append(runs, namedRun{"crowd", crowdRun(t)})
}

// scriptRun plays every command of a view script and returns the run.
func scriptRun(t *testing.T, file string) engine.Scenario {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	for _, b := range strings.Split(string(src), "\n====\n") {
		cmds, _, _ := strings.Cut(b+"\n", "----\n")
		h.run(cmds)
	}
	return h.tl.Scenario()
}

// crowdRun is a crowd with presence, roster gets, messages, a close, a
// dropped delivery, a dismissal, a removed client and a timer.
func crowdRun(t *testing.T) engine.Scenario {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Crowd(6); err != nil {
		t.Fatal(err)
	}
	act := func(name, action string, args map[string]string) {
		t.Helper()
		if err := tl.Apply(engine.Input{Op: engine.OpAct, Name: name, Action: action, Args: args}); err != nil {
			t.Fatalf("%s %s: %v", name, action, err)
		}
	}
	for _, c := range []string{"crowd1", "crowd2", "crowd3"} {
		act(c, client.ActPresence, nil)
		act(c, client.ActRosterGet, nil)
	}
	act("crowd1", client.ActMessage, map[string]string{"to": "crowd2@localhost/r", "body": "hi"})
	act("crowd2", client.ActSubscribe, map[string]string{"to": "crowd1@localhost"})
	apply(t, tl, engine.Input{Op: engine.OpDrop, ID: fmt.Sprint(tl.Engine().Network().Queue()[0].Seq)})
	act("crowd4", client.ActClose, nil)
	idle(t, tl)
	for _, s := range tl.Engine().Sessions() {
		if s.State == "destroyed" {
			apply(t, tl, engine.Input{Op: engine.OpDismiss, ID: s.ID})
			break
		}
	}
	apply(t, tl, engine.Input{Op: engine.OpRemoveClient, Name: "crowd5"})
	apply(t, tl, engine.Input{Op: engine.OpAdvance, Duration: 10 * time.Minute})
	idle(t, tl)
	return tl.Scenario()
}

func apply(t *testing.T, tl *engine.Timeline, in engine.Input) {
	t.Helper()
	if err := tl.Apply(in); err != nil {
		t.Fatalf("%s: %v", in, err)
	}
}

func idle(t *testing.T, tl *engine.Timeline) {
	t.Helper()
	if _, err := tl.Forward(100000); err != nil {
		t.Fatal(err)
	}
}

// watched is a timeline with a model attached, and a count of the
// events that reached another observer.
type watched struct {
	tl   *engine.Timeline
	m    *view.Model
	told int
}

// load returns the run s at position step, the model observing the whole
// replay.
func load(t *testing.T, s engine.Scenario, step int) *watched {
	t.Helper()
	tl, err := engine.NewTimeline(s.Config)
	if err != nil {
		t.Fatal(err)
	}
	w := &watched{tl: tl, m: view.New()}
	w.m.Attach(tl)
	tl.Subscribe(func(engine.Event) { w.told++ })
	s.Position = step
	if err := tl.Load(s); err != nil {
		t.Fatal(err)
	}
	return w
}

// seek moves w and reports whether observers were told nothing, as when
// the model goes back from its history.
func (w *watched) seek(t *testing.T, step int) bool {
	t.Helper()
	before := w.told
	if err := w.tl.Seek(step); err != nil {
		t.Fatalf("seek %d: %v", step, err)
	}
	return w.told == before
}

// dump is everything the model shows, and what a playback pauses on.
func (w *watched) dump(t *testing.T) string {
	t.Helper()
	v := w.m.Build(w.tl, view.Window{Hi: 1 << 20})
	v.Gen = 0
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s\nmarks %+v\norder %q", b, w.m.Marks(), w.m.Order())
}

// checkRewinds goes back from the end of s to many positions, one input
// at a time first, and compares each with a model that observed the
// replay; from some of them it goes on a little, holding changes every
// other time, and compares again. With spare, it prepares the spare
// engine before each move back: all of it, or part of it every third
// time.
func checkRewinds(t *testing.T, s engine.Scenario, spare bool) {
	total := len(s.Inputs)
	a := load(t, s, total)
	for i, k := range backPositions(total) {
		if spare {
			prepareSpare(t, a.tl, i)
		}
		floor, ok := a.m.RewindFloor()
		if quiet := a.seek(t, k); quiet != (ok && floor <= k) && k > 0 { // replaying nothing tells nothing
			t.Fatalf("going back to %d of %d with history from %d (%v): observers told events %v", k, total, floor, ok, !quiet)
		}
		b := load(t, s, k)
		same(t, a, b, fmt.Sprintf("back at %d of %d", k, total))
		if i%4 != 1 || k == total {
			continue
		}
		hold := i%8 == 1
		to := min(k+3, total)
		for _, w := range []*watched{a, b} {
			if hold {
				w.m.Hold()
			}
			w.seek(t, to)
			w.m.Release()
		}
		same(t, a, b, fmt.Sprintf("on to %d from %d (hold %v)", to, k, hold))
	}
	checkStop(t, s)
}

// prepareSpare prepares tl's spare engine, all of it or, when i is a
// multiple of three, half of what it needs.
func prepareSpare(t *testing.T, tl *engine.Timeline, i int) {
	t.Helper()
	const all = 1 << 30
	n := all
	if i%3 == 0 {
		pos, _ := tl.Position()
		n = pos / 2
	}
	more, err := tl.PrepareSpare(n)
	if err != nil {
		t.Fatal(err)
	}
	pos, _ := tl.Position()
	at, ok := tl.Spare()
	switch target := pos - 1; {
	case target <= 0: // nothing to prepare
	case !ok || at > target:
		t.Fatalf("spare at %d (%v) for position %d", at, ok, pos)
	case more != (at < target):
		t.Fatalf("PrepareSpare reported more=%v with the spare at %d of %d", more, at, target)
	case n == all && at != target:
		t.Fatalf("spare at %d after preparing all of it, want %d", at, target)
	}
}

// TestSpareFork: a spare prepared before a fork still serves after it,
// the inputs it replayed being the same, and going back from it shows
// what an observed replay of the forked run shows.
func TestSpareFork(t *testing.T) {
	s := crowdRun(t)
	total := len(s.Inputs)
	a := load(t, s, total)
	a.seek(t, total-2)
	prepareSpare(t, a.tl, 1)
	apply(t, a.tl, engine.Input{Op: engine.OpAdvance, Duration: time.Minute})
	prepareSpare(t, a.tl, 1)
	if !a.seek(t, total-2) {
		t.Fatal("going back from the spare told observers events")
	}
	if _, ok := a.tl.Spare(); ok {
		t.Fatal("the spare is still there after going back with it")
	}
	forked := a.tl.Scenario()
	same(t, a, load(t, forked, total-2), "back from the spare after a fork")
	a.seek(t, total-1)
	same(t, a, load(t, forked, total-1), "on from there")
}

// backPositions are where checkRewinds goes: every position of a short
// run, from the end; in a long one the last few and some forty others.
func backPositions(total int) []int {
	var ks []int
	stride := max(1, total/40)
	for k := total - 1; k >= 0; k-- {
		if k >= total-3 || k%stride == 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// checkStop: a replay stopped on request while going back stays where it
// stopped, showing what an observed replay to there shows.
func checkStop(t *testing.T, s engine.Scenario) {
	total := len(s.Inputs)
	a := load(t, s, total)
	a.tl.SetStop(func() bool { return true })
	if err := a.tl.Seek(total / 2); err != engine.ErrStopped && total/2 > 0 {
		t.Fatalf("stopped seek: %v", err)
	}
	step, _ := a.tl.Position()
	a.tl.SetStop(nil)
	same(t, a, load(t, s, step), fmt.Sprintf("stopped at %d going back to %d", step, total/2))
}

// same fails when a and b show different things.
func same(t *testing.T, a, b *watched, where string) {
	t.Helper()
	if got, want := a.dump(t), b.dump(t); got != want {
		t.Fatalf("%s: the model differs from one that observed the replay:\n%s", where, firstDiff(got, want))
	}
}

// firstDiff shows the lines around the first difference.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d\n--- got\n%s\n--- want\n%s", i+1,
				strings.Join(g[lo:min(len(g), i+4)], "\n"), strings.Join(w[lo:min(len(w), i+4)], "\n"))
		}
	}
	return ""
}

// TestRewindKeepsPublishedLog: a log taken before going back (a frame
// the page is still painting) is not changed by going back, nor by what
// the run logs next from there.
func TestRewindKeepsPublishedLog(t *testing.T) {
	s := crowdRun(t)
	tl, err := engine.NewTimeline(s.Config)
	if err != nil {
		t.Fatal(err)
	}
	m := view.New()
	m.Attach(tl)
	if err := tl.Load(s); err != nil {
		t.Fatal(err)
	}
	if err := tl.Seek(len(s.Inputs)); err != nil {
		t.Fatal(err)
	}
	old := m.Log()
	kept := append([]view.Entry(nil), old...)
	if err := tl.Back(5); err != nil {
		t.Fatal(err)
	}
	if err := tl.Apply(engine.Input{Op: engine.OpAdvance, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, err := tl.Forward(50); err != nil {
		t.Fatal(err)
	}
	for i := range kept {
		if old[i] != kept[i] {
			t.Fatalf("entry %d of the log taken before going back changed:\n%+v\nwas\n%+v", i, old[i], kept[i])
		}
	}
}
