//go:build js && wasm

package main

import (
	"strconv"
	"strings"

	"github.com/sessionscope/sessionscope/sim/control"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

// lessonsPanel starts lessons and shows the lesson's stage: each stop's
// narration and cause while its effect is on screen, Back and Next between
// stops; it also opens files and saves runs (control.Board does each).
type lessonsPanel struct {
	a                 *app
	menu, stage       elem
	narration, stanza elem
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
	on(byID("btn-save-scs"), "click", func(event) {
		a.do(func() error {
			f, err := a.b.Save()
			if err == nil {
				download(f)
			}
			return err
		}, nil)
	})
	on(byID("save-named"), "submit", func(ev event) {
		ev.PreventDefault()
		name := strings.TrimSpace(value(byID("save-name")))
		a.do(func() error { a.b.Keep(name, a.b.TL.Scenario()); return nil }, nil)
	})
	on(byID("btn-lesson-next"), "click", func(event) { a.do(func() error { return a.b.Jump(1) }, nil) })
	on(byID("btn-lesson-prev"), "click", func(event) { a.do(func() error { return a.b.Jump(-1) }, nil) })
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
		go p.a.keeper.LoadNamed(saved)
		return
	}
	p.a.do(func() error { return p.a.b.StartLesson(choice) }, nil)
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
		p.a.do(func() error { return p.a.b.Open(name, []byte(text.String())) }, nil)
	}))
}

// render shows the stage of a lesson: the stop's narration and the
// stanza that caused it, while its effect is on screen.
func (p *lessonsPanel) render(f frame) {
	p.scr.attr(p.stage, "data-lesson", f.Lesson)
	prop(p.stage, "hidden", f.Lesson == "")
	lessonMode := f.Lesson != "" && !p.workbench
	p.scr.class(wrap(document.Get("body")), "lesson-mode", lessonMode)
	if lessonMode {
		p.scr.style(p.stage, "top", pxs(stickyTop()))
	}
	defer func() {
		if lessonMode && f.Stanza != "" && f.Step != p.shownStop {
			p.shownStop = f.Step
			p.bringIntoView()
		}
	}()
	if f.Narration != "" {
		p.scr.text(p.narration, f.Narration)
	}
	if f.Stanza != p.scr[slot{p.stanza, "raw"}] {
		p.scr[slot{p.stanza, "raw"}] = f.Stanza
		kids := []elem{}
		for _, s := range view.Pretty(f.Stanza, false) {
			kids = append(kids, txt("span", s.Class, s.Text))
		}
		replace(p.stanza, kids...)
	}
}

// download offers f to the user as a file.
func download(f control.File) {
	blob := jsGlobal.Get("Blob").New([]any{string(f.Body)}, map[string]any{"type": f.Type})
	url := jsGlobal.Get("URL").Call("createObjectURL", blob)
	link := set(el("a", ""), "href", url.String(), "download", f.Name)
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
