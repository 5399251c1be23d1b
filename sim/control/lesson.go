package control

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

// StartLesson starts the built-in lesson with this name or file, keeping
// the work before it under a name.
func (b *Board) StartLesson(name string) error {
	ls, s, err := view.BuiltIn(name)
	if err != nil {
		return err
	}
	if cur := b.TL.Scenario(); len(cur.Inputs) > 0 && cur.Lesson == "" && b.Lesson == nil && b.Keep != nil {
		b.Keep("before "+ls.Title, cur)
	}
	return b.adopt(s.Lesson, ls, s)
}

// Open makes a file the run: a recorded run replays at its position, a
// scansion script becomes a lesson.
func (b *Board) Open(name string, src []byte) error {
	ls, s, err := view.Open(name, src)
	if err != nil {
		return err
	}
	return b.adopt(name, ls, s)
}

// OpenRun makes a recorded run the current one, with its lesson when it
// begins with a built-in lesson's run.
func (b *Board) OpenRun(name string, s engine.Scenario) error { return b.adopt(name, nil, s) }

// LoadScript plays a scansion script and makes it the run, as a lesson
// at its first stop.
func (b *Board) LoadScript(name string, src []byte) error {
	ls, s, err := view.NewLesson(name, src)
	if err != nil {
		return err
	}
	return b.adopt(name, ls, s)
}

// adopt makes s the run, with its lesson when it has one.
func (b *Board) adopt(name string, ls *view.Lesson, s engine.Scenario) error {
	stopped, err := b.load(name, s)
	if stopped {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s does not replay: %w", name, err)
	}
	b.Lesson = ls
	if ls == nil {
		b.Lesson = view.Reattach(s)
		b.say("Opened the recorded run " + name + ".")
		return nil
	}
	ls.Check(b.TL.Engine())
	failure := ""
	if ls.Failure != "" {
		failure = " " + ls.Failure
	}
	b.say("Lesson loaded: " + ls.Title + "." + failure + " Press Next to go from one effect to the next.")
	return b.Model.ShowStop(b.TL, ls, 0)
}

// Jump moves to the lesson's next (d = 1) or previous (d = -1) stop.
func (b *Board) Jump(d int) error {
	if b.Lesson == nil {
		return nil
	}
	step, _ := b.TL.Position()
	return b.Model.ShowStop(b.TL, b.Lesson, b.Lesson.NextStop(step, d))
}

// Where says which lesson and stop the run shows.
func (b *Board) Where() view.Where {
	step, _ := b.TL.Position()
	return b.Lesson.Where(step)
}

// LessonNames are the built-in lessons' names.
func LessonNames() []string {
	var out []string
	for _, l := range scenario.Lessons() {
		out = append(out, l.Name)
	}
	return out
}

// File is a file the page offers for download.
type File struct {
	Name, Type string
	Body       []byte
}

// Save is the current run as a file: the lesson's script when one is
// played and the run has not forked from it, else the run as JSON.
func (b *Board) Save() (File, error) {
	if b.Lesson != nil && !b.TL.InPast() {
		return File{"lesson.scs", "text/plain", b.Lesson.Source}, nil
	}
	return RunFile(b.TL.Scenario())
}

// RunFile is a run as the JSON file `sessionscope replay` reads.
func RunFile(s engine.Scenario) (File, error) {
	body, err := json.MarshalIndent(s, "", " ")
	return File{"run.json", "application/json", body}, err
}

// Share returns the run as a share link's fragment ("#run=…", which
// replays it to this step) and what to tell the user of it.
func (b *Board) Share() (fragment, msg string, err error) {
	text, err := engine.EncodeFragment(b.Packer, b.TL.Scenario())
	if err != nil {
		return "", "", err
	}
	return "#run=" + text, "The address bar now holds a link that replays this run to this step (" + strconv.Itoa(len(text)) + " characters).", nil
}
