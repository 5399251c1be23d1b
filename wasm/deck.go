//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/session"
)

// deck is the virtual list of session cards. The list (#sessions) inside
// the scroller is a CSS grid with a fixed row height, as tall as every
// row of cards; it holds cards only for the rows in view and one row
// either side, placed by grid-area below a padding that stands for the
// rows above them. Cards that scroll out go to a pool and are rebound to
// the sessions that scroll in.
type deck struct {
	scroller, list js.Value
	ruler          js.Value // an empty grid styled as the list, to count its columns
	byID           map[string]*card
	pool           []*card
	m              deckMetrics
	height, pad    string     // the list's height and padding-top as last set
	count          string     // the session count as last shown
	done           *scrollReq // the last scrollToSession carried out
	located        string     // the session it brought into view
	retries        int        // frames spent waiting for the grid's layout
}

const (
	overscanRows = 1  // rows of cards rendered beyond each edge of the view
	poolSize     = 32 // cards kept for reuse
)

func newDeck() deck {
	return deck{scroller: byID("sessions-scroll"), list: byID("sessions"), ruler: byID("sessions-ruler"), byID: make(map[string]*card)}
}

// deckMetrics is the list's grid as CSS lays it out, read again when the
// scroller changes size.
type deckMetrics struct {
	ok        bool
	cols      int
	rowH, gap float64
	maxH      float64 // the scroller's max-height
}

func (m deckMetrics) pitch() float64 { return m.rowH + m.gap }

// deckView is what the deck reads of the layout at the start of a frame.
type deckView struct {
	deckMetrics
	scrollView
}

// measure reads the scroller, and the grid when it may have changed.
func (d *deck) measure() deckView {
	if !d.m.ok {
		d.m = readDeckMetrics(d.scroller, d.ruler)
	}
	return deckView{d.m, readScroll(d.scroller)}
}

// readDeckMetrics counts the columns CSS makes (auto-fill) and reads the
// row height and the gap, from the ruler: an empty grid styled as the
// list, which has only the tracks CSS made (the list also has those that
// cards placed beyond them add, until they are placed again).
func readDeckMetrics(scroller, ruler js.Value) deckMetrics {
	cs := style(ruler)
	cols := cs.Get("gridTemplateColumns").String()
	m := deckMetrics{cols: len(strings.Fields(cols)), rowH: px(cs.Get("gridAutoRows").String()),
		gap: px(cs.Get("rowGap").String()), maxH: px(style(scroller).Get("maxHeight").String())}
	m.ok = m.rowH > 0 && m.cols > 0 && !strings.Contains(cols, "(")
	if !m.ok { // not laid out yet: a guess, measured again next frame
		m.cols, m.rowH, m.gap = 1, 320, 11
	}
	return m
}

func (g deckView) rows(all int) int { return (all + g.cols - 1) / g.cols }

// total is the height of every row of cards.
func (g deckView) total(all int) float64 {
	if all == 0 {
		return 0
	}
	return float64(g.rows(all))*g.pitch() - g.gap
}

// window returns the cards to render, the rows in view and overscanRows
// either side, and the first of those rows.
func (g deckView) window(all int) (indexRange, int) {
	rows := rowSpan(g.top, g.shown(g.maxH, g.total(all)), g.pitch(), g.rows(all), overscanRows)
	return indexRange{rows.lo * g.cols, min(rows.hi*g.cols, all)}, rows.lo
}

// renderCards sizes the list for every session, carries out a
// scrollToSession call, and renders the cards in view.
func (u *ui) renderCards(a *app, v view, g deckView) {
	d := &u.deck
	if count := strconv.Itoa(v.live) + " live, " + strconv.Itoa(v.all) + " shown until dismissed"; count != d.count {
		setText(u.sessionCount, count)
		d.count = count
	}
	total := g.total(v.all)
	d.height = setStyle(d.list, "height", d.height, pxs(total))
	req, at := v.scroll, -1
	if req == d.done {
		req = nil
	}
	if req != nil {
		at = d.scrollTo(req.id, v, &g, total)
	}
	win, first := g.window(v.all)
	a.wantCards(v, win)
	d.place(v, win, first, g)
	if req != nil {
		d.settle(a, req, at)
	}
	if !d.m.ok && v.all > 0 && d.retries < 3 {
		d.retries++
		a.requestFrame()
	}
}

// scrollTo scrolls the least that shows the card of session id, when it
// is published, and returns its index (-1 when it is not).
func (d *deck) scrollTo(id string, v view, g *deckView, total float64) int {
	j := slices.IndexFunc(v.sessions, func(s session.Snapshot) bool { return s.ID == id })
	if j < 0 {
		return -1
	}
	i := v.first + j
	h := g.shown(g.maxH, total)
	top := nearest(g.top, h, float64(i/g.cols)*g.pitch(), g.rowH)
	top = max(0, min(top, total-h))
	if top != g.top {
		d.scroller.Set("scrollTop", top)
		g.top = top
	}
	return i
}

// settle marks the card a scrollToSession call brought into view and
// settles its Promise with {id, position}.
func (d *deck) settle(a *app, req *scrollReq, i int) {
	d.done = req
	a.mu.Lock()
	if a.want.scroll == req {
		a.want.scroll = nil
	}
	a.mu.Unlock()
	if c := d.byID[d.located]; c != nil {
		setClass(c.root, "located", false)
	}
	c := d.byID[req.id]
	if i < 0 || c == nil {
		req.reject.Invoke(js.Global().Get("Error").New("session " + strconv.Quote(req.id) + " is no longer listed"))
		return
	}
	setClass(c.root, "located", true)
	d.located = req.id
	req.resolve.Invoke(toJS(map[string]any{"id": req.id, "position": i + 1}))
}

// place renders the published cards of win, whose first row is first,
// reusing the cards of sessions that left it.
func (d *deck) place(v view, win indexRange, first int, g deckView) {
	lo, hi := max(win.lo, v.first), min(win.hi, v.first+len(v.sessions))
	keep := make(map[string]bool, max(0, hi-lo))
	for i := lo; i < hi; i++ {
		keep[v.sessions[i-v.first].ID] = true
	}
	refocus := d.recycle(keep)
	d.pad = setStyle(d.list, "paddingTop", d.pad, pxs(float64(first)*g.pitch()))
	els := make([]js.Value, 0, len(keep))
	for i := lo; i < hi; i++ {
		s := v.sessions[i-v.first]
		c, fresh := d.byID[s.ID], false
		if c == nil {
			c, fresh = d.take(s.ID), true
		}
		c.place(i, first, g.cols, v.all)
		c.update(s, v.changed[s.ID], v.trans[s.ID], fresh)
		els = append(els, c.root)
	}
	arrange(d.list, els)
	if refocus {
		d.scroller.Call("focus", map[string]any{"preventScroll": true})
	}
}

// recycle takes the cards not in keep off the page, into the pool, and
// reports whether one of them had the focus.
func (d *deck) recycle(keep map[string]bool) bool {
	active := document.Get("activeElement")
	lost := false
	for id, c := range d.byID {
		if keep[id] {
			continue
		}
		lost = lost || contains(c.root, active)
		c.root.Call("remove")
		delete(d.byID, id)
		if len(d.pool) < poolSize {
			d.pool = append(d.pool, c)
		}
	}
	return lost
}

// take returns a card for session id, from the pool when it can.
func (d *deck) take(id string) *card {
	var c *card
	if n := len(d.pool); n > 0 {
		c, d.pool = d.pool[n-1], d.pool[:n-1]
	} else {
		c = newCard()
	}
	c.bindTo(id)
	d.byID[id] = c
	return c
}

// wantCards asks the worker for the sessions around win when the
// published ones do not cover it with half a window to spare. One publish
// at a time is queued; it reads the latest window wanted.
func (a *app) wantCards(v view, win indexRange) {
	n := win.hi - win.lo
	lo, hi := max(0, win.lo-n/2), min(v.all, win.hi+n/2)
	if lo >= hi || (v.first <= lo && hi <= v.first+len(v.sessions)) {
		return
	}
	pad := max(n, cardBatch/2)
	a.mu.Lock()
	if a.want.scroll == nil { // a scrollToSession call chose the window
		a.want.lo, a.want.hi = max(0, win.lo-pad), win.hi+pad
	}
	queue := !a.want.queued
	a.want.queued = true
	a.mu.Unlock()
	if queue {
		a.do(func() error {
			a.mu.Lock()
			a.want.queued = false
			a.mu.Unlock()
			return nil
		}, nil)
	}
}

// shownSessions returns the published sessions whose cards the scroller
// shows now (with the overscan rows), for the console's sessions().
func (a *app) shownSessions() []session.Snapshot {
	a.mu.Lock()
	v := a.view
	a.mu.Unlock()
	win, _ := a.ui.deck.measure().window(v.all)
	out := []session.Snapshot{}
	for i := max(win.lo, v.first); i < min(win.hi, v.first+len(v.sessions)); i++ {
		out = append(out, v.sessions[i-v.first])
	}
	return out
}

// bindDeck connects the card scroller: scrolling and resizing render on
// the next animation frame, and Page Up, Page Down, Home and End scroll
// it (instead of moving the timeline).
func (a *app) bindDeck() {
	d := &a.ui.deck
	on(d.scroller, "scroll", func(js.Value) { a.requestFrame() })
	observeSize(d.scroller, func() {
		d.m.ok, d.retries = false, 0
		a.requestFrame()
	})
	on(d.scroller, "keydown", func(ev js.Value) {
		if to, ok := scrollKey(ev, d.scroller); ok {
			d.scroller.Set("scrollTop", to)
			ev.Call("preventDefault")
			ev.Call("stopPropagation")
		}
	})
}

// scrollKey returns where Page Up, Page Down, Home or End scroll the
// scroller, unless the key is typed into a form field.
func scrollKey(ev, scroller js.Value) (float64, bool) {
	switch ev.Get("target").Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT":
		return 0, false
	}
	if !noModifier(ev) {
		return 0, false
	}
	top, page := scroller.Get("scrollTop").Float(), scroller.Get("clientHeight").Float()*0.9
	switch ev.Get("key").String() {
	case "PageDown":
		return top + page, true
	case "PageUp":
		return max(0, top-page), true
	case "Home":
		return 0, true
	case "End":
		return scroller.Get("scrollHeight").Float(), true
	}
	return 0, false
}
