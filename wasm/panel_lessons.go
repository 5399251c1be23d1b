//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

// lessonsPanel plays .scs scripts into the timeline, with each action's
// narration shown while the position is in it; it also opens files and
// saves runs. Only the worker touches lesson.
type lessonsPanel struct {
	a         *app
	menu      elem
	narration elem
	lesson    *view.Lesson
	scr       screen
}

func newLessonsPanel(a *app) *lessonsPanel {
	p := &lessonsPanel{a: a, menu: byID("lesson-menu"), narration: byID("narration"), scr: screen{}}
	for _, ls := range scenario.Lessons() {
		p.menu.AppendChild(set(txt("option", "", ls.Title), "value", ls.File))
	}
	on(byID("btn-lesson"), "click", func(event) { p.start(value(p.menu)) })
	on(byID("scs-file"), "change", p.openFile)
	on(byID("btn-save-scs"), "click", func(event) { a.do(p.save, nil) })
	on(byID("save-named"), "submit", func(ev event) {
		ev.PreventDefault()
		name := strings.TrimSpace(value(byID("save-name")))
		a.do(func() error { a.store.saveNamed(name, a.tl.Scenario()); return nil }, nil)
	})
	on(byID("btn-lesson-next"), "click", func(event) { a.do(func() error { return p.jump(1) }, nil) })
	on(byID("btn-lesson-prev"), "click", func(event) { a.do(func() error { return p.jump(-1) }, nil) })
	return p
}

// start loads the lesson or the saved run chosen in the menu.
func (p *lessonsPanel) start(choice string) {
	if saved, ok := strings.CutPrefix(choice, "saved:"); ok {
		p.a.store.loadNamed(saved)
		return
	}
	p.a.do(func() error {
		ls, err := scenario.FindLesson(choice)
		if err != nil {
			return err
		}
		return p.load(ls.File, ls.Source)
	}, nil)
}

// openFile reads the file picked and makes it the run.
func (p *lessonsPanel) openFile(ev event) {
	files := ev.Get("target").Get("files")
	if files.Length() == 0 {
		return
	}
	f := files.Index(0)
	name := f.Get("name").String()
	f.Call("text").Call("then", funcOf(func(text jsValue) {
		p.a.do(func() error { return p.open(name, []byte(text.String())) }, nil)
	}))
}

func (p *lessonsPanel) render(f frame) {
	if f.narration != "" {
		p.scr.text(p.narration, f.narration)
	}
}

// open makes a file the run: a recorded run replays at its position, a
// scansion script becomes a lesson.
func (p *lessonsPanel) open(name string, src []byte) error {
	ls, s, err := view.Open(name, src)
	if err != nil {
		return err
	}
	return p.adopt(name, ls, s)
}

// load plays a script and makes it the run, positioned after its first
// action.
func (p *lessonsPanel) load(name string, src []byte) error {
	ls, s, err := view.NewLesson(name, src)
	if err != nil {
		return err
	}
	return p.adopt(name, ls, s)
}

// adopt makes s the run, with its lesson when it has one.
func (p *lessonsPanel) adopt(name string, ls *view.Lesson, s engine.Scenario) error {
	if err := p.a.tl.Load(s); err != nil {
		return fmt.Errorf("%s does not replay: %w", name, err)
	}
	p.lesson = ls
	if ls == nil {
		p.a.flash("Opened the recorded run " + name + ".")
		return nil
	}
	ls.Check(p.a.tl.Engine())
	failure := ""
	if ls.Failure != "" {
		failure = " " + ls.Failure
	}
	p.a.flash("Lesson loaded: " + ls.Title + "." + failure + " Step with → and read the narration.")
	return p.a.tl.Seek(ls.Start())
}

// jump moves to the end of the next (d = 1) or previous (d = -1) action.
func (p *lessonsPanel) jump(d int) error {
	if p.lesson == nil {
		return nil
	}
	step, _ := p.a.tl.Position()
	return p.a.tl.Seek(p.lesson.Jump(step, d))
}

// save offers the current run as a file: the lesson's script when one is
// loaded, else the run's scenario as JSON.
func (p *lessonsPanel) save() error {
	if p.lesson != nil && !p.a.tl.InPast() {
		download("lesson.scs", string(p.lesson.Source), "text/plain")
		return nil
	}
	b, err := json.MarshalIndent(p.a.tl.Scenario(), "", " ")
	if err != nil {
		return err
	}
	download("run.json", string(b), "application/json")
	return nil
}

func download(name, body, mime string) {
	blob := jsGlobal.Get("Blob").New([]any{body}, map[string]any{"type": mime})
	url := jsGlobal.Get("URL").Call("createObjectURL", blob)
	link := set(el("a", ""), "href", url.String(), "download", name)
	wrap(document.Get("body")).AppendChild(link)
	link.Click()
	link.Remove()
	jsGlobal.Get("URL").Call("revokeObjectURL", url)
}
