//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/scenario"
)

// lessons plays .scs scripts into the timeline. A script is run once by
// the scenario player; its recorded inputs become the run, and each
// action's narration is tied to the inputs it produced, so stepping the
// timeline walks through the story. Only the worker touches lesson.
type lessons struct {
	a      *app
	lesson *lesson
}

// lesson is the loaded script: the input position where each action ends
// and the narration shown until then.
type lesson struct {
	title string
	ends  []int
	text  []string
	src   []byte
}

func newLessons(a *app) *lessons { return &lessons{a: a} }

func (l *lessons) bind() {
	menu := byID("lesson-menu")
	for _, ls := range scenario.Lessons() {
		o := textElem("option", "", ls.Title)
		o.Set("value", ls.File)
		add(menu, o)
	}
	on(byID("btn-lesson"), "click", func(js.Value) {
		file := value(menu)
		if saved, ok := strings.CutPrefix(file, "saved:"); ok {
			l.a.store.loadNamed(saved)
			return
		}
		l.a.do(func() error {
			ls, err := scenario.FindLesson(file)
			if err != nil {
				return err
			}
			return l.load(ls.File, ls.Source)
		}, nil)
	})
	l.bindFiles()
	l.bindSteps()
}

// bindFiles connects opening an .scs file and saving runs.
func (l *lessons) bindFiles() {
	on(byID("scs-file"), "change", func(ev js.Value) {
		files := ev.Get("target").Get("files")
		if files.Length() == 0 {
			return
		}
		f := files.Index(0)
		name := f.Get("name").String()
		var then js.Func
		then = js.FuncOf(func(_ js.Value, args []js.Value) any {
			then.Release()
			text := args[0].String()
			l.a.do(func() error { return l.open(name, []byte(text)) }, nil)
			return nil
		})
		f.Call("text").Call("then", then)
	})
	on(byID("btn-save-scs"), "click", func(js.Value) { l.a.do(l.save, nil) })
	on(byID("save-named"), "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		name := strings.TrimSpace(value(byID("save-name")))
		l.a.do(func() error {
			l.a.store.saveNamed(name, l.a.tl.Scenario())
			return nil
		}, nil)
	})
}

// bindSteps connects the lesson's previous and next buttons.
func (l *lessons) bindSteps() {
	on(byID("btn-lesson-next"), "click", func(js.Value) { l.a.do(func() error { return l.jump(1) }, nil) })
	on(byID("btn-lesson-prev"), "click", func(js.Value) { l.a.do(func() error { return l.jump(-1) }, nil) })
}

// open makes a file the run: a recorded run as JSON (what Save run and
// `sessionscope listen -record` write) replays at its position; anything
// else is read as a scansion script.
func (l *lessons) open(name string, src []byte) error {
	if !bytes.HasPrefix(bytes.TrimSpace(src), []byte("{")) {
		return l.load(name, src)
	}
	var s engine.Scenario
	if err := json.Unmarshal(src, &s); err != nil {
		return fmt.Errorf("%s is not a recorded run: %w", name, err)
	}
	if err := l.a.tl.Load(s); err != nil {
		return fmt.Errorf("%s does not replay: %w", name, err)
	}
	l.lesson = nil
	l.a.ui.flash("Opened the recorded run " + name + ".")
	return nil
}

// load plays a script to its end and makes it the run, positioned after
// its first action.
func (l *lessons) load(name string, src []byte) error {
	p, err := scenario.Load(name, src, scenario.Options{})
	if err != nil {
		return err
	}
	ls := &lesson{title: p.Script().Title, src: src}
	var failure string
	for out := p.Next(); out != nil; out = p.Next() {
		ls.ends = append(ls.ends, len(p.Engine().Inputs()))
		ls.text = append(ls.text, narrate(out.Index, len(p.Script().Actions), out.Action, out.Narration)+verdict(out))
		if out.Failure != nil {
			failure = fmt.Sprintf(" The script fails at step %d: %s", out.Failure.Step, out.Failure.Action)
		}
	}
	want, _ := json.Marshal(p.Engine().Sessions())
	s := engine.Scenario{Config: p.Engine().Config(), Inputs: p.Engine().Inputs()}
	if len(ls.ends) > 0 {
		s.Position = ls.ends[len(ls.ends)-1]
	}
	if err := l.a.tl.Load(s); err != nil {
		return err
	}
	if got, _ := json.Marshal(l.a.tl.Engine().Sessions()); string(got) != string(want) {
		failure += " (the replay differs from the script's run)"
	}
	l.lesson = ls
	first := 0
	if len(ls.ends) > 0 {
		first = ls.ends[0]
	}
	l.a.ui.flash("Lesson loaded: " + ls.title + "." + failure + " Step with → and read the narration.")
	return l.a.tl.Seek(first)
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

// jump moves to the end of the next (d = 1) or previous (d = -1) action
// of the lesson.
func (l *lessons) jump(d int) error {
	ls := l.lesson
	if ls == nil || len(ls.ends) == 0 {
		return nil
	}
	step, _ := l.a.tl.Position()
	k := 0
	for k < len(ls.ends) && ls.ends[k] < step {
		k++
	}
	// k is the action the position falls in; at its end, "next" is k+1.
	if k < len(ls.ends) && ls.ends[k] == step && d > 0 {
		k++
	} else if d < 0 {
		k--
	}
	k = max(0, min(k, len(ls.ends)-1))
	return l.a.tl.Seek(ls.ends[k])
}

// narration returns the text of the lesson action that the position
// falls in, or "" outside a lesson.
func (a *app) narration(step int) string {
	ls := a.lessons.lesson
	if ls == nil {
		return ""
	}
	for i, end := range ls.ends {
		if step <= end {
			// Actions that add no input (a receives reads what already
			// arrived) end where the one before did: show the last of them.
			for i+1 < len(ls.ends) && ls.ends[i+1] == end && step == end {
				i++
			}
			return ls.title + " — " + ls.text[i]
		}
	}
	if n := len(ls.text); n > 0 {
		return ls.title + " — the end of the lesson. Last: " + ls.text[n-1]
	}
	return ls.title + " — the end of the lesson."
}

// save offers the current run as a file: the lesson's script when one is
// loaded, else the run's scenario as JSON.
func (l *lessons) save() error {
	name, body, mime := "run.json", "", "application/json"
	if l.lesson != nil && !l.a.tl.InPast() {
		name, body, mime = "lesson.scs", string(l.lesson.src), "text/plain"
	} else {
		b, err := json.MarshalIndent(l.a.tl.Scenario(), "", " ")
		if err != nil {
			return err
		}
		body = string(b)
	}
	download(name, body, mime)
	return nil
}

func download(name, body, mime string) {
	blob := js.Global().Get("Blob").New([]any{body}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	link := elem("a", "")
	link.Set("href", url)
	link.Set("download", name)
	add(document.Get("body"), link)
	link.Call("click")
	link.Call("remove")
	js.Global().Get("URL").Call("revokeObjectURL", url)
}
