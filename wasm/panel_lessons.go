//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

// lessonsPanel plays .scs scripts into the timeline and shows the lesson's
// stage: each stop's narration and cause while its effect is on screen,
// Back and Next between stops; it also opens files and saves runs. Only
// the worker touches lesson.
type lessonsPanel struct {
	a                 *app
	menu, stage       elem
	narration, stanza elem
	lesson            *view.Lesson
	scr               screen
	workbench         bool // the whole workbench is shown beside the lesson (event loop only)
	shownStop         int  // the position of the stop last brought into view (event loop only)
}

func newLessonsPanel(a *app) *lessonsPanel {
	p := &lessonsPanel{a: a, menu: byID("lesson-menu"), stage: byID("lesson-stage"), narration: byID("narration"),
		stanza: byID("lesson-stanza"), scr: screen{}}
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
	on(byID("btn-workbench"), "click", func(event) {
		p.workbench = !p.workbench
		byID("btn-workbench").SetAttribute("aria-pressed", strconv.FormatBool(p.workbench))
		a.requestFrame()
	})
	return p
}

// start loads the lesson or the saved run chosen in the menu.
func (p *lessonsPanel) start(choice string) {
	if saved, ok := strings.CutPrefix(choice, "saved:"); ok {
		p.a.store.loadNamed(saved)
		return
	}
	p.a.do(func() error { return p.startNow(choice) }, nil)
}

// startNow starts the built-in lesson with this name or file, keeping
// the work before it under a name (worker only).
func (p *lessonsPanel) startNow(name string) error {
	ls, s, err := view.BuiltIn(name)
	if err != nil {
		return err
	}
	p.a.keepWork("before " + ls.Title)
	return p.adopt(s.Lesson, ls, s)
}

// attach finds the lesson of a run restored from storage, a file or a
// link, so that its narration and stops come back with it (worker only).
func (p *lessonsPanel) attach(s engine.Scenario) { p.lesson = view.Reattach(s) }

// lessonNames are the built-in lessons' names, for the console.
func lessonNames() []string {
	var out []string
	for _, l := range scenario.Lessons() {
		out = append(out, l.Name)
	}
	return out
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

// render shows the stage of a lesson: the stop's narration and the
// stanza that caused it, while its effect is on screen.
func (p *lessonsPanel) render(f frame) {
	p.scr.attr(p.stage, "data-lesson", f.lesson)
	prop(p.stage, "hidden", f.lesson == "")
	lessonMode := f.lesson != "" && !p.workbench
	p.scr.class(wrap(document.Get("body")), "lesson-mode", lessonMode)
	if lessonMode {
		p.scr.style(p.stage, "top", pxs(stickyTop()))
	}
	defer func() {
		if lessonMode && f.stanza != "" && f.Step != p.shownStop {
			p.shownStop = f.Step
			p.bringIntoView()
		}
	}()
	if f.narration != "" {
		p.scr.text(p.narration, f.narration)
	}
	if f.stanza != p.scr[slot{p.stanza, "raw"}] {
		p.scr[slot{p.stanza, "raw"}] = f.stanza
		kids := []elem{}
		for _, s := range view.Pretty(f.stanza, false) {
			kids = append(kids, txt("span", s.Class, s.Text))
		}
		replace(p.stanza, kids...)
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
		p.attach(s)
		p.a.flash("Opened the recorded run " + name + ".")
		return nil
	}
	ls.Check(p.a.tl.Engine())
	failure := ""
	if ls.Failure != "" {
		failure = " " + ls.Failure
	}
	p.a.flash("Lesson loaded: " + ls.Title + "." + failure + " Press Next to go from one effect to the next.")
	return p.showStop(0)
}

// showStop moves to stop k of the lesson.
func (p *lessonsPanel) showStop(k int) error { return p.a.model.ShowStop(p.a.tl, p.lesson, k) }

// jump moves to the next (d = 1) or previous (d = -1) stop.
func (p *lessonsPanel) jump(d int) error {
	if p.lesson == nil {
		return nil
	}
	step, _ := p.a.tl.Position()
	return p.showStop(p.lesson.NextStop(step, d))
}

// where says which lesson and stop the run shows (worker only).
func (p *lessonsPanel) where() view.Where {
	step, _ := p.a.tl.Position()
	return p.lesson.Where(step)
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

// stickyTop is where the lesson's stage sticks: under the timeline when
// the timeline sticks to the top of the window (wide screens).
func stickyTop() float64 {
	tl := document.Call("getElementById", "timeline")
	if jsGlobal.Call("getComputedStyle", tl).Get("position").String() != "sticky" {
		return 0
	}
	return tl.Get("offsetHeight").Float()
}

// bringIntoView scrolls the window the least that shows every field the
// stop changed below the stage, or the first of them when they are more
// than the window can hold.
func (p *lessonsPanel) bringIntoView() {
	changed := document.Call("querySelectorAll", "[data-field][data-changed]")
	if changed.Length() == 0 {
		return
	}
	for range 2 { // the stage sticks only once the window has scrolled
		top, bottom := 1e9, -1e9
		for i := range changed.Length() {
			r := changed.Index(i).Call("getBoundingClientRect")
			top, bottom = min(top, r.Get("top").Float()), max(bottom, r.Get("bottom").Float())
		}
		under := p.stage.Underlying().Call("getBoundingClientRect").Get("bottom").Float() + 8
		dy := view.ScrollBy(top, bottom, under, jsGlobal.Get("innerHeight").Float()-8)
		if dy == 0 {
			return
		}
		jsGlobal.Call("scrollBy", 0, dy)
	}
}
