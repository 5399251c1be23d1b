package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/scenario"
)

// Lesson is a scansion script played into a run: the input position
// where each action ends and the narration of each action, so that
// stepping the run walks through the story.
type Lesson struct {
	Title   string
	Ends    []int    // the position after each action
	Text    []string // each action's narration, with its verdict
	Source  []byte   // the script
	Stops   []Stop   // where each effect is on screen, in order
	Failure string   // how the script failed, "" when it passed
	want    []byte   // the sessions at the script's end, as JSON
}

// NewLesson plays a script to its end and returns it with the run it
// recorded, positioned at its end (Check compares a replay there; Start is
// where a learner begins).
func NewLesson(name string, src []byte) (*Lesson, engine.Scenario, error) {
	p, err := scenario.Load(name, src, scenario.Options{})
	if err != nil {
		return nil, engine.Scenario{}, err
	}
	ls := &Lesson{Title: p.Script().Title, Source: src}
	n := len(p.Script().Actions)
	trace := newTracer(p.Engine())
	for out := p.Next(); out != nil; out = p.Next() {
		ls.Ends = append(ls.Ends, p.Engine().Applied())
		ls.Text = append(ls.Text, narrate(out.Index, n, out.Action, out.Narration)+verdict(out))
		if out.Failure != nil {
			ls.Failure = fmt.Sprintf("The script fails at step %d: %s", out.Failure.Step, out.Failure.Action)
		}
	}
	ls.want, _ = json.Marshal(p.Engine().Sessions())
	ls.Stops = trace.stops(ls, p.Script().Actions[:len(ls.Ends)])
	s := engine.Scenario{Config: p.Engine().Config(), Inputs: unfold(p.Engine().Inputs())}
	if len(ls.Ends) > 0 {
		s.Position = ls.Ends[len(ls.Ends)-1]
	}
	return ls, s, nil
}

// Start is the position of the lesson's first stop.
func (ls *Lesson) Start() int {
	if len(ls.Stops) == 0 {
		return 0
	}
	return ls.Stops[0].Pos
}

// StopAt returns the index of the stop the position step shows: the last
// stop at or before it (0 before the first).
func (ls *Lesson) StopAt(step int) int {
	k := 0
	for i, s := range ls.Stops {
		if s.Pos <= step {
			k = i
		}
	}
	return k
}

// Check compares the sessions of a replay of the lesson's run, at its
// end, with those of the script's own run, and notes a difference in
// Failure.
func (ls *Lesson) Check(replay *engine.Engine) {
	got, _ := json.Marshal(replay.Sessions())
	if string(got) != string(ls.want) {
		ls.Failure = strings.TrimSpace(ls.Failure + " The replay differs from the script's run.")
	}
}

// verdict says how an action went: each expectation passes or fails
// where it happens.
func verdict(out *scenario.Outcome) string {
	switch {
	case out.Failure != nil:
		v := " ✗ Failed: " + out.Failure.Reason
		if out.Failure.Path != "" {
			v += " (at " + out.Failure.Path + ")"
		}
		return v
	case out.Action.Kind == scansion.Receives || out.Action.Kind == scansion.ReceivesNothing:
		return " ✓ Received as expected."
	case out.Note != "":
		return " ✓ " + out.Note + "."
	}
	return ""
}

func narrate(i, n int, a scansion.Action, comments []string) string {
	head := "Step " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n) + ": " + a.Client + " " + a.Kind.String()
	text := strings.TrimSpace(strings.Join(comments, " "))
	if text == "" {
		return head + "."
	}
	return head + ". " + text
}

// Jump returns the position at the end of the next (d > 0) or previous
// (d < 0) action from position step.
func (ls *Lesson) Jump(step, d int) int {
	if len(ls.Ends) == 0 {
		return step
	}
	k := 0
	for k < len(ls.Ends) && ls.Ends[k] < step {
		k++
	}
	// k is the action the position falls in; at its end, "next" is k+1.
	if k < len(ls.Ends) && ls.Ends[k] == step && d > 0 {
		k++
	} else if d < 0 {
		k--
	}
	k = max(0, min(k, len(ls.Ends)-1))
	return ls.Ends[k]
}

// NextStop returns the index of the stop that Next (d > 0) or Back
// (d < 0) moves to from position step: the first stop after it, or the
// last before it, staying at the first or last stop at either end.
func (ls *Lesson) NextStop(step, d int) int {
	if d > 0 {
		for k, s := range ls.Stops {
			if s.Pos > step {
				return k
			}
		}
		return len(ls.Stops) - 1
	}
	for k := len(ls.Stops) - 1; k >= 0; k-- {
		if ls.Stops[k].Pos < step {
			return k
		}
	}
	return 0
}

// Caption returns the narration of the stop the position step shows; a
// position between stops shows the last stop's narration.
func (ls *Lesson) Caption(step int) string {
	if len(ls.Stops) == 0 {
		return ls.Narration(step)
	}
	return ls.Stops[ls.StopAt(step)].Caption
}

// Narration returns the text of the action that position step falls in.
func (ls *Lesson) Narration(step int) string {
	for i, end := range ls.Ends {
		if step <= end {
			// Actions that add no input (a receives reads what already
			// arrived) end where the one before did: show the last of them.
			for i+1 < len(ls.Ends) && ls.Ends[i+1] == end && step == end {
				i++
			}
			return ls.Title + " — " + ls.Text[i]
		}
	}
	if n := len(ls.Text); n > 0 {
		return ls.Title + " — the end of the lesson. Last: " + ls.Text[n-1]
	}
	return ls.Title + " — the end of the lesson."
}

// Open reads a file a user opened: a recorded run as JSON (what the page
// saves and `sessionscope listen -record` writes), returned with no
// lesson, or else a scansion script, played into a lesson and its run.
func Open(name string, src []byte) (*Lesson, engine.Scenario, error) {
	if !bytes.HasPrefix(bytes.TrimSpace(src), []byte("{")) {
		return NewLesson(name, src)
	}
	var s engine.Scenario
	if err := json.Unmarshal(src, &s); err != nil {
		return nil, s, fmt.Errorf("%s is not a recorded run: %w", name, err)
	}
	return nil, s, nil
}

// BuiltIn plays the built-in lesson with this name or file, and returns it
// with its run, which names the lesson so that it comes back with a saved
// or shared run.
func BuiltIn(name string) (*Lesson, engine.Scenario, error) {
	l, err := scenario.FindLesson(name)
	if err != nil {
		return nil, engine.Scenario{}, err
	}
	ls, s, err := NewLesson(l.File, l.Source)
	s.Lesson = l.File
	return ls, s, err
}

// Reattach finds the lesson of a run restored from storage, a file or a
// link: the built-in lesson it names, when the run begins with that
// lesson's run; nil otherwise.
func Reattach(s engine.Scenario) *Lesson {
	if s.Lesson == "" {
		return nil
	}
	ls, run, err := BuiltIn(s.Lesson)
	if err != nil || len(run.Inputs) > len(s.Inputs) {
		return nil
	}
	want, _ := json.Marshal(run.Inputs)
	got, _ := json.Marshal(s.Inputs[:len(run.Inputs)])
	if string(got) != string(want) { // the same inputs, arguments and all
		return nil
	}
	return ls
}

// ShowStop moves the timeline to stop k of the lesson, with the model
// keeping every change made since the stop before it.
func (m *Model) ShowStop(tl *engine.Timeline, ls *Lesson, k int) error {
	if ls == nil || k < 0 || k >= len(ls.Stops) {
		return nil
	}
	st := ls.Stops[k]
	if err := tl.Seek(st.From); err != nil {
		return err
	}
	m.Hold()
	defer m.Release()
	return tl.Seek(st.Pos)
}

// Where is where a lesson is, as the console's lessonStop() tells it.
type Where struct {
	Lesson  string `json:"lesson"`  // the lesson's title, "" outside one
	Stop    int    `json:"stop"`    // the stop shown, from 1; 0 outside a lesson
	Stops   int    `json:"stops"`   // how many stops the lesson has
	Caption string `json:"caption"` // the stop's narration
}

// Where tells which stop position step shows; a nil lesson is none.
func (ls *Lesson) Where(step int) Where {
	if ls == nil {
		return Where{}
	}
	return Where{ls.Title, ls.StopAt(step) + 1, len(ls.Stops), ls.Caption(step)}
}
