package view_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

func TestOpen(t *testing.T) {
	login, err := scenario.FindLesson("01_login_bind.scs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, src string
		lesson          bool
		inputs          int
		wantErr         string
	}{
		{name: "a recorded run", file: "run.json", src: ` {"config":{"seed":3,"server":{"hosts":["localhost"]}},"inputs":[{"op":"account","user":"a","password":"p"}],"position":1}`, inputs: 1},
		{name: "a script", file: "login.scs", src: string(login.Source), lesson: true, inputs: 48},
		{name: "damaged JSON", file: "run.json", src: `{"config":`, wantErr: "run.json is not a recorded run"},
		{name: "not a script", file: "x.scs", src: "[Client] Romeo\n\tjid: romeo@localhost\n\nRomeo dances\n", wantErr: "x.scs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls, s, err := view.Open(tc.file, []byte(tc.src))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || (ls != nil) != tc.lesson || len(s.Inputs) != tc.inputs {
				t.Fatalf("lesson %v, %d inputs, %v; want lesson %v, %d inputs", ls != nil, len(s.Inputs), err, tc.lesson, tc.inputs)
			}
		})
	}
}

// TestLessonStops: in every built-in lesson, the stops move forward at
// every Next and back through the same stops at every Back, each stop
// follows the one before, and every action of the script is narrated.
func TestLessonStops(t *testing.T) {
	for _, l := range scenario.Lessons() {
		t.Run(l.Name, func(t *testing.T) {
			ls, s, err := view.NewLesson(l.File, l.Source)
			if err != nil || ls.Failure != "" {
				t.Fatalf("%v %s", err, ls.Failure)
			}
			if len(ls.Stops) < len(ls.Ends)/2 {
				t.Fatalf("%d stops for %d actions", len(ls.Stops), len(ls.Ends))
			}
			narrated := map[int]bool{}
			for k, st := range ls.Stops {
				if k > 0 && (st.Pos <= ls.Stops[k-1].Pos || st.From != ls.Stops[k-1].Pos) {
					t.Errorf("stop %d at %d from %d follows a stop at %d", k+1, st.Pos, st.From, ls.Stops[k-1].Pos)
				}
				if st.Pos < 1 || st.Pos > len(s.Inputs) {
					t.Errorf("stop %d at %d, outside the run of %d inputs", k+1, st.Pos, len(s.Inputs))
				}
				for i, text := range ls.Text {
					if strings.Contains(st.Caption, text) {
						narrated[i] = true
					}
				}
			}
			for i := range ls.Text {
				if !narrated[i] {
					t.Errorf("action %d is narrated at no stop: %s", i+1, ls.Text[i])
				}
			}
			pos, seen := ls.Start(), []int{ls.Start()}
			for k := 1; k < len(ls.Stops); k++ {
				next := ls.Stops[ls.NextStop(pos, 1)].Pos
				if next <= pos {
					t.Fatalf("Next from %d stays at %d", pos, next)
				}
				pos = next
				seen = append(seen, pos)
			}
			for k := len(seen) - 2; k >= 0; k-- {
				back := ls.Stops[ls.NextStop(pos, -1)].Pos
				if back != seen[k] {
					t.Fatalf("Back from %d goes to %d, want %d", pos, back, seen[k])
				}
				pos = back
			}
		})
	}
}

// TestWiresSummariseTheRest: with more sessions than the stage draws, it
// counts every other one, those beyond the card window included.
func TestWiresSummariseTheRest(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := view.New()
	m.Attach(tl)
	if err := tl.Crowd(100); err != nil {
		t.Fatal(err)
	}
	wires, more := m.Build(tl, view.Window{Hi: 10}).Wires()
	if len(wires) != 12 || more != 88 {
		t.Errorf("%d wires and %d more, want 12 and 88", len(wires), more)
	}
}

// TestReattach: a run comes back with its lesson only when it begins with
// the lesson's own inputs, arguments included.
func TestReattach(t *testing.T) {
	_, s, err := view.BuiltIn("roster_interested")
	if err != nil {
		t.Fatal(err)
	}
	changed := s
	changed.Inputs = append([]engine.Input(nil), s.Inputs...)
	for i, in := range changed.Inputs {
		if in.Op == engine.OpSend {
			changed.Inputs[i].Raw = "<presence/>"
			break
		}
	}
	longer := s
	longer.Inputs = append(append([]engine.Input(nil), s.Inputs...), engine.Input{Op: engine.OpAdvance, Duration: 1})
	for _, tc := range []struct {
		name string
		run  engine.Scenario
		want bool
	}{
		{"the lesson's run", s, true},
		{"the lesson's run, then more", longer, true},
		{"a stanza of it changed", changed, false},
		{"no lesson named", engine.Scenario{Inputs: s.Inputs}, false},
		{"fewer inputs", engine.Scenario{Lesson: s.Lesson, Inputs: s.Inputs[:3]}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := view.Reattach(tc.run) != nil; got != tc.want {
				t.Errorf("Reattach = %v, want %v", got, tc.want)
			}
		})
	}
}
