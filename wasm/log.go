//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// maxRows bounds the rows in the log table; older rows are dropped from
// the page (never from the run).
const maxRows = 400

// logView is the stanza log's render state.
type logView struct {
	gen      int
	shown    int // entries of the log looked at so far
	rows     int
	dirty    bool // the filters changed: rebuild
	selected int  // index in the log of the selected entry, or -1
	entries  []logEntry
}

type logFilter struct {
	client, dir, kind string
	reveal            bool
}

func currentFilter() logFilter {
	return logFilter{
		client: value(byID("f-client")), dir: value(byID("f-dir")), kind: value(byID("f-kind")),
		reveal: byID("f-reveal").Get("checked").Bool(),
	}
}

func (f logFilter) keep(e logEntry) bool {
	if f.client != "" && e.who != f.client {
		return false
	}
	if f.dir != "" && e.dir != f.dir {
		return false
	}
	if f.kind == "" {
		return true
	}
	_, kind, _ := describeEntry(e, false)
	return kind == f.kind
}

// describeEntry gives a row's element, kind and summary.
func describeEntry(e logEntry, reveal bool) (element, kind, summary string) {
	switch {
	case e.timer:
		return "timer", "other", e.raw
	case e.what != "data":
		return "[" + e.what + "]", "connection", "TCP " + e.what
	}
	return describe(e.raw, reveal)
}

func (l *logView) render(u *ui, v view) {
	l.entries = v.log
	f := currentFilter()
	if l.gen != v.gen || l.dirty || l.shown > len(v.log) {
		clear(u.log)
		l.gen, l.dirty, l.rows = v.gen, false, 0
		l.shown = 0
	}
	if l.shown == len(v.log) {
		return
	}
	// Collect, newest first, at most maxRows new entries that pass the
	// filter, so that a burst of thousands of entries costs maxRows rows.
	var pick []int
	for i := len(v.log) - 1; i >= l.shown && len(pick) < maxRows; i-- {
		if f.keep(v.log[i]) {
			pick = append(pick, i)
		}
	}
	l.shown = len(v.log)
	if len(pick) == maxRows {
		clear(u.log)
		l.rows = 0
	}
	frag := document.Call("createDocumentFragment")
	for j := len(pick) - 1; j >= 0; j-- {
		add(frag, l.row(pick[j], v.log[pick[j]], f.reveal))
		l.rows++
	}
	add(u.log, frag)
	for ; l.rows > maxRows; l.rows-- {
		u.log.Get("firstElementChild").Call("remove")
	}
}

func (l *logView) row(i int, e logEntry, reveal bool) js.Value {
	element, _, summary := describeEntry(e, reveal)
	tr := attr(elem("tr", e.dir), "data-entry", strconv.Itoa(i))
	attr(tr, "tabindex", "0")
	dir := map[string]string{engine.In: "C→S", engine.Out: "S→C", "timer": "timer"}[e.dir]
	conn := e.conn
	if e.who != "" {
		conn += " " + e.who
	}
	add(tr, textElem("td", "", strconv.Itoa(e.idx+1)), textElem("td", "", conn), textElem("td", "dir", dir),
		textElem("td", "el", element), textElem("td", "sum", summary))
	if i == l.selected {
		tr.Get("classList").Call("add", "selected")
	}
	return tr
}

// bindLog connects the filters and row selection.
func (a *app) bindLog() {
	l := &a.ui.logs
	l.selected = -1
	for _, id := range []string{"f-client", "f-dir", "f-kind", "f-reveal"} {
		on(byID(id), "change", func(js.Value) {
			l.dirty = true
			a.showDetail(l.selected)
			a.requestFrame()
		})
	}
	pick := func(ev js.Value) {
		s, _ := closestData(ev, "entry")
		if s == "" {
			return
		}
		i, err := strconv.Atoi(s)
		if err != nil || i >= len(l.entries) {
			return
		}
		l.selected = i
		a.showDetail(i)
		idx := l.entries[i].idx
		a.do(func() error { return a.tl.Seek(idx + 1) }, nil)
	}
	on(a.ui.log, "click", pick)
	on(a.ui.log, "keydown", func(ev js.Value) {
		if k := ev.Get("key").String(); k == "Enter" {
			pick(ev)
		}
	})
}

// showDetail shows entry i pretty-printed and coloured in the detail pane.
func (a *app) showDetail(i int) {
	l := &a.ui.logs
	d := a.ui.detail
	if i < 0 || i >= len(l.entries) {
		return
	}
	e := l.entries[i]
	clear(d)
	head := "step " + strconv.Itoa(e.idx+1) + " · " + e.conn + " " + e.who + " · " + e.dir + "\n"
	add(d, textElem("span", "x-note", head))
	if e.timer || e.what != "data" {
		add(d, textElem("span", "x-text", describeOne(e)))
		return
	}
	for _, s := range prettyXML(e.raw, currentFilter().reveal) {
		add(d, textElem("span", s.class, s.text))
	}
}

func describeOne(e logEntry) string {
	_, _, s := describeEntry(e, false)
	return s
}
