//go:build js && wasm

package main

import (
	"strconv"
	"time"

	"github.com/sessionscope/sessionscope/sim/view"
)

// logPanel is the stanza log, a virtual table, and the detail pane. The
// spacer in the scroller (#log-scroll) is as tall as the header and every
// row that passes the filters; the table over it is moved down to the
// first row rendered and holds rows only for those in view and
// logOverscan either side. Rows that scroll out are reused for those that
// scroll in. The newest row stays in view while the view is at the end.
type logPanel struct {
	a                                   *app
	scroller, spacer, table, body, pane elem
	gen                                 int
	entries                             []view.Entry // the log as last rendered; append-only within a gen
	filter                              logFilter    // the filter the rows were filled with
	index                               view.LogIndex
	selected                            int // the entry selected, or -1
	focus                               int // the row to focus after the next render, or -1
	rows                                *recycler[int, *logRow]
	m                                   logMetrics
	height                              float64    // the spacer's height as last set
	shown                               view.Range // the rows in view at the last render
	retries                             int
	scr                                 screen
}

// logRow is one row of the table, showing the entry at index entry.
type logRow struct {
	tr  elem
	td  [5]elem
	scr screen
}

// logMetrics is the table's layout, and whether it was measured.
type logMetrics struct {
	view.Table
	ok bool
}

// logGeom is what the log reads of the layout at the start of a frame.
type logGeom struct {
	logMetrics
	scrollView
}

const (
	logOverscan = 8                    // rows rendered beyond each edge of the view
	logPool     = 64                   // rows kept for reuse
	scanBudget  = 6 * time.Millisecond // filtering per frame; the rest waits for the next
)

// logFilter is the filters' choice and whether credentials are revealed.
type logFilter struct {
	view.Filter
	reveal bool
}

func newLogPanel(a *app) *logPanel {
	scroller := byID("log-scroll")
	p := &logPanel{a: a, scroller: scroller, spacer: byID("log-spacer"), table: query("#log-scroll table"),
		body: byID("log"), pane: byID("log-detail"), selected: -1, focus: -1, scr: screen{},
		rows: newRecycler[int](logPool, func(r *logRow) elem { return r.tr }, newLogRow)}
	p.bind()
	return p
}

func currentFilter() logFilter {
	return logFilter{view.Filter{Client: value(byID("f-client")), Dir: value(byID("f-dir")), Kind: value(byID("f-kind"))},
		byID("f-reveal").Underlying().Get("checked").Bool()}
}

// measure reads the scroller, and the rows' height when it may have
// changed.
func (p *logPanel) measure() logGeom {
	if !p.m.ok {
		p.m = p.readMetrics()
	}
	return logGeom{p.m, readScroll(p.scroller)}
}

func (p *logPanel) readMetrics() logMetrics {
	m := logMetrics{Table: view.Table{RowH: 22, HeadH: query("#log-scroll thead").Underlying().Call("getBoundingClientRect").Get("height").Float(),
		MaxH: view.Pixels(style(p.scroller).Get("maxHeight").String())}}
	first := p.body.Underlying().Get("firstElementChild")
	if first.IsNull() {
		return m
	}
	rect := func(e jsValue) float64 { return e.Call("getBoundingClientRect").Get("top").Float() }
	m.RowH = first.Call("getBoundingClientRect").Get("height").Float()
	if next := first.Get("nextElementSibling"); !next.IsNull() {
		m.RowH = rect(next) - rect(first)
	}
	m.ok = m.RowH > 0 && m.HeadH > 0
	if !m.ok {
		m.RowH = 22
	}
	return m
}

// render filters what is new in the log, sizes the spacer for every row
// that passes, keeps the newest row in view when the view was at the
// end, and renders the rows in view.
func (p *logPanel) render(f frame, g logGeom) {
	if flt := currentFilter(); p.gen != f.Gen || flt != p.filter || len(f.Log) < len(p.entries) {
		p.reset(f.Gen, flt)
	}
	p.entries = f.Log
	done := p.index.Update(f.Log, p.filter.Filter, f.Gen, scanBudget)
	n := p.index.Len()
	if p.focus >= 0 && n > 0 {
		p.focus = min(p.focus, n-1)
	}
	was := p.height
	if p.height = g.Height(n); p.height != was {
		p.spacer.Style().SetProperty("height", pxs(p.height), "")
	}
	top, rows, shown := g.Place(g.top, g.height, was, n, p.focus, logOverscan)
	if top != g.top {
		prop(p.scroller, "scrollTop", top)
	}
	p.shown = shown
	p.place(rows, g.RowH)
	p.scr.text(byID("log-count"), p.index.Count(done))
	if !done {
		p.a.requestFrame() // filter the rest on the next frame
	}
	if !p.m.ok && n > 0 && p.retries < 3 {
		p.retries++
		p.a.requestFrame() // measure the rows now that there are some
	}
}

// place renders the rows in rows, reusing those that left it.
func (p *logPanel) place(rows view.Range, rowH float64) {
	want := make(map[int]int, rows.Hi-rows.Lo) // entry -> row
	for r := rows.Lo; r < rows.Hi; r++ {
		want[p.index.Entry(r)] = r
	}
	if p.rows.keep(func(e int) bool { _, ok := want[e]; return ok }) {
		focusQuietly(p.scroller)
	}
	p.scr.style(p.table, "top", pxs(float64(rows.Lo)*rowH))
	p.scr.attr(p.table, "aria-rowcount", strconv.Itoa(p.index.Len()+1))
	els := make([]elem, 0, rows.Hi-rows.Lo)
	for r := rows.Lo; r < rows.Hi; r++ {
		e := p.index.Entry(r)
		row, fresh := p.rows.get(e)
		if fresh {
			row.fill(e, p.entries[e], p.filter.reveal)
		}
		row.place(r, e == p.selected)
		els = append(els, row.tr)
	}
	arrange(p.body, els)
	if row := p.rows.shown[p.index.Entry(p.focus)]; p.focus >= 0 && row != nil {
		focusQuietly(row.tr)
	}
	p.focus = -1
}

// newLogRow makes a row of the table.
func newLogRow() *logRow {
	r := &logRow{tr: set(el("tr", ""), "tabindex", "-1"), scr: screen{}}
	for i, class := range []string{"", "", "dir", "el", "sum"} {
		r.td[i] = el("td", class)
		r.tr.AppendChild(r.td[i])
	}
	return r
}

// fill shows entry i in the row.
func (r *logRow) fill(i int, e view.Entry, reveal bool) {
	row := e.Row(reveal)
	r.scr.attr(r.tr, "class", e.Dir)
	r.scr.attr(r.tr, "data-entry", strconv.Itoa(i))
	for j, text := range []string{strconv.Itoa(e.Input + 1), e.ConnText(), row.Dir, row.Element, row.Summary} {
		r.scr.text(r.td[j], text)
	}
}

// place numbers the row as row p of the table and marks it selected.
func (r *logRow) place(p int, selected bool) {
	r.scr.attr(r.tr, "aria-rowindex", strconv.Itoa(p+2))
	r.scr.attr(r.tr, "data-pos", strconv.Itoa(p))
	r.scr.class(r.tr, "selected", selected)
}

// reset forgets the rows, for a rebuilt run or new filters.
func (p *logPanel) reset(gen int, f logFilter) {
	p.gen, p.filter = gen, f
	if p.rows.keep(func(int) bool { return false }) {
		focusQuietly(p.scroller)
	}
}

// keyTarget is the row a key moves the focus to, from the focused row
// (or from the top of the view when the scroller has the focus).
func (p *logPanel) keyTarget(key string, ev event) (int, bool) {
	n := p.index.Len()
	cur, step := p.shown.Lo, 0 // from the scroller, the arrows go to the top row in view
	if s, _ := dataOf(ev, "pos"); s != "" {
		cur, _ = strconv.Atoi(s)
		step = 1
	}
	return view.KeyRow(key, cur, step, max(1, p.shown.Hi-p.shown.Lo-1), n)
}

// bind connects the filters, the scroller and row selection.
func (p *logPanel) bind() {
	for _, id := range []string{"f-client", "f-dir", "f-kind", "f-reveal"} {
		on(byID(id), "change", func(event) {
			p.showEntry(p.selected)
			p.a.requestFrame()
		})
	}
	on(p.scroller, "scroll", func(event) { p.a.requestFrame() })
	observeSize(p.scroller, func() {
		p.m.ok, p.retries = false, 0
		p.a.requestFrame()
	})
	on(p.body, "click", p.pick)
	on(p.scroller, "keydown", func(ev event) {
		k, plain := keyOf(ev)
		if k == "Enter" {
			p.pick(ev)
			return
		}
		if r, ok := p.keyTarget(k, ev); ok && plain {
			p.focus = r
			ev.PreventDefault()
			ev.StopPropagation()
			p.a.requestFrame()
		}
	})
}

// pick selects the row of the event, shows it and seeks there.
func (p *logPanel) pick(ev event) {
	s, _ := dataOf(ev, "entry")
	i, err := strconv.Atoi(s)
	if s == "" || err != nil || i >= len(p.entries) {
		return
	}
	p.selected = i
	p.showEntry(i)
	p.a.requestFrame()
	idx := p.entries[i].Input
	p.a.do(func() error { return p.a.b.TL.Seek(idx + 1) }, nil)
}

// showEntry shows entry i pretty-printed and coloured in the detail pane.
func (p *logPanel) showEntry(i int) {
	if i < 0 || i >= len(p.entries) {
		return
	}
	e := p.entries[i]
	if e.Dir == view.DirTimer || e.What != "data" {
		replace(p.pane, txt("span", "x-note", e.Detail()+"\n"), txt("span", "x-text", e.Row(false).Summary))
		return
	}
	p.detail(e.Detail()+"\n", e.Raw)
}

// detail shows a heading and raw XML, pretty-printed, in the detail pane.
func (p *logPanel) detail(head, raw string) {
	kids := []elem{txt("span", "x-note", head)}
	for _, s := range view.Pretty(raw, currentFilter().reveal) {
		kids = append(kids, txt("span", s.Class, s.Text))
	}
	replace(p.pane, kids...)
}
