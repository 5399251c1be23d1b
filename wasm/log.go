//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// logView is the stanza log, a virtual table. The spacer in the scroller
// (#log-scroll) is as tall as the header and every row that passes the
// filters; the table over it is moved down to the first row rendered and
// holds rows only for those in view and logOverscan either side. Rows
// that scroll out are reused for those that scroll in. The newest row
// stays in view while the view is at the end.
type logView struct {
	scroller, spacer, table, body js.Value
	gen                           int
	entries                       []logEntry // the log as last rendered; append-only within a gen
	filter                        logFilter  // the filter match was made with
	match                         []int32    // the entries passing filter, when it filters
	scanned                       int        // entries the filter has looked at
	selected                      int        // the entry selected, or -1
	focus                         int        // the row to focus after the next render, or -1
	rows                          map[int]*logRow
	pool                          []*logRow
	m                             logMetrics
	height                        float64    // the spacer's height as last set
	top, count                    string     // the table's top and the count text as last set
	shown                         indexRange // the rows in view at the last render
	retries                       int
}

// logRow is one row of the table, showing the entry at index entry.
type logRow struct {
	tr    js.Value
	td    [5]js.Value
	entry int
	index string // aria-rowindex
	sel   bool
}

// logMetrics is the table's layout: the height of a row and of the header.
type logMetrics struct {
	ok                bool
	rowH, headH, maxH float64
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

func newLogView() logView {
	scroller := byID("log-scroll")
	return logView{scroller: scroller, spacer: byID("log-spacer"), table: scroller.Call("querySelector", "table"),
		body: byID("log"), selected: -1, focus: -1, rows: make(map[int]*logRow)}
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

// filters reports whether the filter leaves any entry out.
func (f logFilter) filters() bool { return f.client != "" || f.dir != "" || f.kind != "" }

func (f logFilter) keep(e logEntry) bool {
	if f.client != "" && e.who != f.client {
		return false
	}
	if f.dir != "" && e.dir != f.dir {
		return false
	}
	return f.kind == "" || entryKind(e) == f.kind
}

// entryKind is the kind describeEntry gives, found cheaply: it reads no
// further than the first element's tag.
func entryKind(e logEntry) string {
	switch {
	case e.timer:
		return "other"
	case e.what != "data":
		return "connection"
	}
	raw := e.raw
	for {
		i := strings.IndexByte(raw, '<')
		if i < 0 {
			return "other"
		}
		raw = raw[i:]
		end := tagEnd(raw)
		if end < 0 {
			return "other"
		}
		if t := lexTag(raw[:end+1]); t.kind != '?' {
			return kindOf(t)
		}
		raw = raw[end+1:]
	}
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

// measure reads the scroller, and the rows' height when it may have
// changed.
func (l *logView) measure() logGeom {
	if !l.m.ok {
		l.m = l.readMetrics()
	}
	return logGeom{l.m, readScroll(l.scroller)}
}

func (l *logView) readMetrics() logMetrics {
	rect := func(e js.Value) js.Value { return e.Call("getBoundingClientRect") }
	m := logMetrics{rowH: 22, headH: rect(l.table.Get("tHead")).Get("height").Float(),
		maxH: px(style(l.scroller).Get("maxHeight").String())}
	first := l.body.Get("firstElementChild")
	if first.IsNull() {
		return m
	}
	m.rowH = rect(first).Get("height").Float()
	if next := first.Get("nextElementSibling"); !next.IsNull() {
		m.rowH = rect(next).Get("top").Float() - rect(first).Get("top").Float()
	}
	m.ok = m.rowH > 0 && m.headH > 0
	if !m.ok {
		m.rowH = 22
	}
	return m
}

// render filters what is new in the log, sizes the spacer for every row
// that passes, keeps the newest row in view when the view was at the
// end, and renders the rows in view.
func (l *logView) render(a *app, v view, g logGeom) {
	if f := currentFilter(); l.gen != v.gen || f != l.filter || len(v.log) < l.scanned {
		l.reset(v.gen, f)
	}
	l.entries = v.log
	done := l.scan()
	n := l.rowCount()
	follow := g.top+g.height >= l.height-g.rowH/2
	total := g.headH + float64(n)*g.rowH
	if total != l.height {
		l.spacer.Get("style").Set("height", pxs(total))
		l.height = total
	}
	h := g.shown(g.maxH, total)
	top := l.scrollTop(g, follow, n, h)
	rows := rowSpan(top, h-g.headH, g.rowH, n, logOverscan)
	l.shown = rowSpan(top, h-g.headH, g.rowH, n, 0)
	l.place(rows, g.rowH)
	l.showCount(n, done)
	if !done {
		a.requestFrame() // filter the rest on the next frame
	}
	if !l.m.ok && n > 0 && l.retries < 3 {
		l.retries++
		a.requestFrame() // measure the rows now that there are some
	}
}

// scrollTop returns where the view goes: to the row to focus, to the end
// when following the newest row, else where it is. It scrolls there.
func (l *logView) scrollTop(g logGeom, follow bool, n int, h float64) float64 {
	top := g.top
	switch {
	case l.focus >= 0 && n > 0:
		l.focus = min(l.focus, n-1)
		top = nearest(top, h-g.headH, float64(l.focus)*g.rowH, g.rowH)
	case follow:
		top = l.height - h
	}
	top = max(0, min(top, l.height-h))
	if top != g.top {
		l.scroller.Set("scrollTop", top)
	}
	return top
}

// place renders the rows in rows, reusing those that left it.
func (l *logView) place(rows indexRange, rowH float64) {
	want := make(map[int]int, rows.hi-rows.lo) // entry -> row
	for p := rows.lo; p < rows.hi; p++ {
		want[l.at(p)] = p
	}
	for e, r := range l.rows {
		if _, ok := want[e]; !ok {
			l.drop(e, r)
		}
	}
	l.top = setStyle(l.table, "top", l.top, pxs(float64(rows.lo)*rowH))
	attr(l.table, "aria-rowcount", strconv.Itoa(l.rowCount()+1))
	els := make([]js.Value, 0, rows.hi-rows.lo)
	for p := rows.lo; p < rows.hi; p++ {
		e := l.at(p)
		r := l.rows[e]
		if r == nil {
			r = l.take()
			r.fill(e, l.entries[e], l.filter.reveal)
			l.rows[e] = r
		}
		r.place(p, e == l.selected)
		els = append(els, r.tr)
	}
	arrange(l.body, els)
	if r := l.rows[l.atOr(l.focus)]; l.focus >= 0 && r != nil {
		r.tr.Call("focus", map[string]any{"preventScroll": true})
	}
	l.focus = -1
}

// drop takes a row off the page into the pool, handing the focus to the
// scroller when the row had it.
func (l *logView) drop(e int, r *logRow) {
	if contains(r.tr, document.Get("activeElement")) {
		l.scroller.Call("focus", map[string]any{"preventScroll": true})
	}
	r.tr.Call("remove")
	delete(l.rows, e)
	if len(l.pool) < logPool {
		l.pool = append(l.pool, r)
	}
}

func (l *logView) take() *logRow {
	if n := len(l.pool); n > 0 {
		r := l.pool[n-1]
		l.pool = l.pool[:n-1]
		return r
	}
	r := &logRow{tr: attr(elem("tr", ""), "tabindex", "-1"), entry: -1}
	for i, class := range []string{"", "", "dir", "el", "sum"} {
		r.td[i] = elem("td", class)
		add(r.tr, r.td[i])
	}
	return r
}

// fill shows entry i in the row.
func (r *logRow) fill(i int, e logEntry, reveal bool) {
	element, _, summary := describeEntry(e, reveal)
	r.tr.Set("className", e.dir)
	attr(r.tr, "data-entry", strconv.Itoa(i))
	dir := map[string]string{engine.In: "C→S", engine.Out: "S→C", "timer": "timer"}[e.dir]
	conn := e.conn
	if e.who != "" {
		conn += " " + e.who
	}
	for j, text := range []string{strconv.Itoa(e.idx + 1), conn, dir, element, summary} {
		setText(r.td[j], text)
	}
	r.entry, r.sel = i, false
}

// place numbers the row as row p of the table and marks it selected.
func (r *logRow) place(p int, selected bool) {
	if index := strconv.Itoa(p + 2); index != r.index {
		attr(r.tr, "aria-rowindex", index)
		attr(r.tr, "data-pos", strconv.Itoa(p))
		r.index = index
	}
	if selected != r.sel {
		setClass(r.tr, "selected", selected)
		r.sel = selected
	}
}

// reset forgets the rows and the filtering, for a rebuilt run or new
// filters.
func (l *logView) reset(gen int, f logFilter) {
	l.gen, l.filter, l.scanned, l.match = gen, f, 0, l.match[:0]
	for e, r := range l.rows {
		l.drop(e, r)
	}
}

// scan runs the filter over the entries it has not looked at, for at
// most scanBudget, and reports whether it looked at them all.
func (l *logView) scan() bool {
	if !l.filter.filters() {
		l.scanned = len(l.entries)
		return true
	}
	deadline := time.Now().Add(scanBudget)
	for l.scanned < len(l.entries) {
		if l.filter.keep(l.entries[l.scanned]) {
			l.match = append(l.match, int32(l.scanned))
		}
		l.scanned++
		if l.scanned%512 == 0 && time.Now().After(deadline) {
			break
		}
	}
	return l.scanned == len(l.entries)
}

// rowCount is the number of rows that pass the filter (so far).
func (l *logView) rowCount() int {
	if !l.filter.filters() {
		return len(l.entries)
	}
	return len(l.match)
}

// at is the entry shown in row p.
func (l *logView) at(p int) int {
	if !l.filter.filters() {
		return p
	}
	return int(l.match[p])
}

// atOr is at, or -1 for a row that does not exist.
func (l *logView) atOr(p int) int {
	if p < 0 || p >= l.rowCount() {
		return -1
	}
	return l.at(p)
}

func (l *logView) showCount(n int, done bool) {
	text := strconv.Itoa(n) + " rows"
	switch {
	case !done:
		text = "filtering… " + strconv.Itoa(n) + " of " + strconv.Itoa(l.scanned) + " looked at"
	case l.filter.filters():
		text = strconv.Itoa(n) + " of " + strconv.Itoa(len(l.entries)) + " rows"
	}
	if text != l.count {
		setText(byID("log-count"), text)
		l.count = text
	}
}

// keyTarget is the row a key moves the focus to, from the focused row
// (or from the top of the view when the scroller has the focus).
func (l *logView) keyTarget(key string, ev js.Value) (int, bool) {
	n := l.rowCount()
	cur, step := l.shown.lo, 0 // from the scroller, the arrows go to the top row in view
	if s, _ := closestData(ev, "pos"); s != "" {
		cur, _ = strconv.Atoi(s)
		step = 1
	}
	page := max(1, l.shown.hi-l.shown.lo-1)
	to := -1
	switch key {
	case "ArrowDown":
		to = cur + step
	case "ArrowUp":
		to = cur - step
	case "PageDown":
		to = cur + page
	case "PageUp":
		to = cur - page
	case "Home":
		to = 0
	case "End":
		to = n - 1
	default:
		return 0, false
	}
	return max(0, min(to, n-1)), n > 0
}

// bindLog connects the filters, the scroller and row selection.
func (a *app) bindLog() {
	l := &a.ui.logs
	for _, id := range []string{"f-client", "f-dir", "f-kind", "f-reveal"} {
		on(byID(id), "change", func(js.Value) {
			a.showDetail(l.selected)
			a.requestFrame()
		})
	}
	on(l.scroller, "scroll", func(js.Value) { a.requestFrame() })
	observeSize(l.scroller, func() {
		l.m.ok, l.retries = false, 0
		a.requestFrame()
	})
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
		a.requestFrame()
		idx := l.entries[i].idx
		a.do(func() error { return a.tl.Seek(idx + 1) }, nil)
	}
	on(a.ui.log, "click", pick)
	on(l.scroller, "keydown", func(ev js.Value) {
		k := ev.Get("key").String()
		if k == "Enter" {
			pick(ev)
			return
		}
		if p, ok := l.keyTarget(k, ev); ok && noModifier(ev) {
			l.focus = p
			ev.Call("preventDefault")
			ev.Call("stopPropagation")
			a.requestFrame()
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
