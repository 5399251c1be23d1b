//go:build js && wasm

package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/sessionscope/sessionscope/sim/control"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/view"
)

// sessionsPanel is the sessions panel: the invariants' badges, and one
// card per session in a virtual list. The list (#sessions) inside the
// scroller is a CSS grid with a fixed row height, as tall as every row of
// cards; it holds cards only for the rows in view and one row either
// side, placed by grid-area below a padding that stands for the rows
// above them. Cards that scroll out go to a pool and are rebound to the
// sessions that scroll in.
type sessionsPanel struct {
	a                     *app
	scroller, list, ruler elem
	count, badges         elem
	cards                 *recycler[string, *card]
	m                     deckView
	retries               int // frames spent waiting for the grid's layout
	scr                   screen
	badgeItems            []elem          // one per invariant
	done                  *control.Locate // the last scrollToSession carried out
	located               string          // the session it brought into view
}

const (
	overscanRows = 1  // rows of cards rendered beyond each edge of the view
	poolSize     = 32 // cards kept for reuse
	fewCards     = 8  // at most this many, a lesson shows every card whole, each as tall as it needs
)

func newSessionsPanel(a *app) *sessionsPanel {
	p := &sessionsPanel{a: a, scroller: byID("sessions-scroll"), list: byID("sessions"), ruler: byID("sessions-ruler"),
		count: byID("session-count"), badges: byID("invariants"), scr: screen{},
		cards: newRecycler[string](poolSize, func(c *card) elem { return c.root }, newCard)}
	on(p.list, "click", func(ev event) {
		if id, _ := dataOf(ev, "dismiss"); id != "" {
			a.act(engine.Input{Op: engine.OpDismiss, ID: id})
		} else if f, dd := dataOf(ev, "field"); f == "presence" || f == "roster" {
			dd.Class().Toggle("open") // a long value opens in place
		}
	})
	on(p.scroller, "scroll", func(event) { a.requestFrame() })
	// Tab may reach the last card rendered before a frame renders the
	// next: render at once, so the focus finds the next card there.
	on(p.scroller, "focusin", func(event) { a.render() })
	observeSize(p.scroller, func() {
		p.m.ok, p.retries = false, 0
		a.requestFrame()
	})
	on(p.scroller, "keydown", func(ev event) {
		if to, ok := scrollKey(ev, p.scroller); ok {
			prop(p.scroller, "scrollTop", to)
			ev.PreventDefault()
			ev.StopPropagation()
		}
	})
	return p
}

// deckView is what the deck reads of the layout at the start of a frame:
// the grid CSS lays out (read again when the scroller changes size) and
// the scroll position.
type deckView struct {
	view.Grid
	scrollView
	ok bool // the grid was laid out when read
}

// measure reads the scroller, and the grid when it may have changed.
func (p *sessionsPanel) measure() deckView {
	if !p.m.ok {
		p.m = readGrid(p.scroller, p.ruler)
	}
	g := p.m
	g.scrollView = readScroll(p.scroller)
	return g
}

// readGrid reads the grid's layout from the ruler: an empty grid styled
// as the list, which has only the tracks CSS made (the list also has
// those that cards placed beyond them add, until they are placed again).
func readGrid(scroller, ruler elem) deckView {
	cs := style(ruler)
	g, ok := view.GridOf(cs.Get("gridTemplateColumns").String(), cs.Get("gridAutoRows").String(),
		cs.Get("rowGap").String(), style(scroller).Get("maxHeight").String())
	return deckView{Grid: g, ok: ok}
}

// window returns the cards to render, the rows in view and overscanRows
// either side, and the first of those rows.
func (g deckView) window(all int) (view.Range, int) {
	return g.Window(g.top, g.height, all, overscanRows)
}

// render shows the badges, sizes the list for every session, carries out
// a scrollToSession call, and renders the cards in view.
func (p *sessionsPanel) render(f frame, g deckView) {
	p.renderBadges(f.Invariants)
	p.scr.text(p.count, f.SessionCount())
	if few := strconv.FormatBool(f.All <= fewCards); few != p.scr[slot{p.scroller, "data-few"}] {
		p.scroller.SetAttribute("data-few", few) // a lesson then sizes each card to its content
		p.scr[slot{p.scroller, "data-few"}] = few
		p.m.ok = false
	}
	total := g.Height(f.All)
	p.scr.style(p.list, "height", pxs(total))
	req, at := f.locate, -1
	if req == p.done {
		req = nil
	}
	if req != nil {
		at = p.scrollTo(req.ID, f, &g, total)
	}
	win, first := g.window(f.All)
	if p.a.deck.Want(win, f.Frame) {
		p.a.do(func() error { return nil }, nil) // publish the window wanted
	}
	p.place(f, win, first, g)
	if req != nil {
		p.settle(req, at)
	}
	if !p.m.ok && f.All > 0 && p.retries < 3 {
		p.retries++
		p.a.requestFrame()
	}
}

// renderBadges shows each invariant as "✓ name", or "✗ name: broken by
// ids", with its rule read out by screen readers and shown on hover.
func (p *sessionsPanel) renderBadges(results []invariant.Result) {
	for len(p.badgeItems) < len(results) {
		r := results[len(p.badgeItems)]
		verdict := el("span", "")
		p.badges.AppendChild(set(el("li", "invariant", verdict, txt("span", "sr-only", " ("+r.Rule+")")), "title", r.Rule, "tabindex", "0"))
		p.badgeItems = append(p.badgeItems, verdict)
	}
	for i, r := range results {
		p.scr.text(p.badgeItems[i], view.Badge(r))
		p.scr.class(wrap(p.badgeItems[i].Get("parentElement")), "broken", !r.Holds)
	}
}

// scrollTo scrolls the least that shows the card of session id, when it
// is published, and returns its index (-1 when it is not).
func (p *sessionsPanel) scrollTo(id string, f frame, g *deckView, total float64) int {
	j := slices.IndexFunc(f.Sessions, func(s view.Session) bool { return s.ID == id })
	if j < 0 {
		return -1
	}
	i := f.First + j
	h := g.Shown(g.height, total)
	top := view.Nearest(g.top, h, float64(i/g.Cols)*g.Pitch(), g.RowH)
	top = max(0, min(top, total-h))
	if top != g.top {
		prop(p.scroller, "scrollTop", top)
		g.top = top
	}
	return i
}

// settle marks the card a scrollToSession call brought into view and
// settles its Promise with {id, position}.
func (p *sessionsPanel) settle(req *control.Locate, i int) {
	p.done = req
	p.a.deck.Located(req)
	if c := p.cards.shown[p.located]; c != nil {
		c.unlocate()
	}
	ends, c := req.Answer.(promiseEnds), p.cards.shown[req.ID]
	if i < 0 || c == nil {
		settle(ends.resolve, ends.reject, nil, errors.New("session "+strconv.Quote(req.ID)+" is no longer listed"))
		return
	}
	classOn(c.root, "located", true)
	p.located = req.ID
	settle(ends.resolve, ends.reject, map[string]any{"id": req.ID, "position": i + 1}, nil)
}

// place renders the published cards of win, whose first row is first,
// reusing the cards of sessions that left it.
func (p *sessionsPanel) place(f frame, win view.Range, first int, g deckView) {
	lo, ss := f.In(win)
	keep := make(map[string]bool, len(ss))
	for _, s := range ss {
		keep[s.ID] = true
	}
	refocus := p.cards.keep(func(id string) bool { return keep[id] })
	p.scr.style(p.list, "paddingTop", pxs(float64(first)*g.Pitch()))
	els := make([]elem, 0, len(ss))
	for i, s := range ss {
		c, fresh := p.cards.get(s.ID)
		if fresh {
			c.bindTo(s.ID)
		}
		c.place(lo+i, first, g.Cols, f.All)
		c.update(s, fresh)
		els = append(els, c.root)
	}
	arrange(p.list, els)
	if refocus {
		focusQuietly(p.scroller)
	}
}

// shownSessions returns the published sessions whose cards the scroller
// shows now (with the overscan rows), for the console's sessions().
func (a *app) shownSessions() []session.Snapshot {
	f := a.published()
	win, _ := a.sessions.measure().window(f.All)
	_, ss := f.In(win)
	out := make([]session.Snapshot, len(ss))
	for i, s := range ss {
		out[i] = s.Snapshot
	}
	return out
}

// promiseEnds are a Promise's resolve and reject.
type promiseEnds struct{ resolve, reject jsValue }

// card is one session's card with handles to its value cells. A card
// that scrolls out of the list is kept in a pool and rebound to the next
// session that scrolls in.
type card struct {
	root, sid, state, why, trans, dismiss, token, diagram elem
	values, was, rule, dd                                 map[string]elem
	badge                                                 map[string]elem
	steps                                                 []elem
	scr                                                   screen
}

func newCard() *card {
	c := &card{values: map[string]elem{}, was: map[string]elem{}, rule: map[string]elem{},
		dd: map[string]elem{}, badge: map[string]elem{}, scr: screen{}}
	c.sid, c.state = el("span", "sid"), el("span", "state")
	c.dismiss = button("Dismiss", "", "dismiss")
	prop(c.dismiss, "hidden", true)
	c.why, c.trans = el("p", "why"), el("p", "trans")
	badges := el("div", "badges")
	for _, b := range []string{"connected", "available", "interested"} {
		// Named apart from the lifecycle state "connected" (TCP accepted).
		c.badge[b] = set(txt("span", "badge", b+" resource"), "title", view.ResourceHelp[b])
		badges.AppendChild(c.badge[b])
	}
	c.diagram = el("ol", "diagram")
	for _, st := range view.States {
		li := txt("li", "", st)
		c.steps = append(c.steps, li)
		c.diagram.AppendChild(li)
	}
	dl := el("dl", "fields")
	for _, name := range session.Fields {
		c.field(dl, name)
	}
	c.token = set(el("dl", "token"), "aria-label", "token claims")
	prop(c.token, "hidden", true)
	c.root = set(el("article", "card", el("header", "", c.sid, c.state, c.dismiss), c.why, badges, c.diagram, c.trans, dl, c.token), "role", "listitem")
	return c
}

// bindTo labels the card for the session with this id; its fields are
// then filled as for a new card.
func (c *card) bindTo(id string) {
	set(c.root, "data-session", id, "aria-label", "session "+id)
	c.sid.SetTextContent(id)
	set(c.dismiss, "data-dismiss", id, "aria-label", "dismiss session "+id)
	c.diagram.SetAttribute("aria-label", "lifecycle of "+id)
	c.unlocate()
	prop(c.root, "scrollTop", 0)
	clear(c.scr)
}

// unlocate takes off the marks of a card scrolled to, and closes its
// long values.
func (c *card) unlocate() {
	classOn(c.root, "located", false)
	classOn(c.dd["presence"], "open", false)
	classOn(c.dd["roster"], "open", false)
}

func (c *card) field(dl elem, name string) {
	dt := set(txt("dt", "", name), "title", view.FieldHelp[name], "tabindex", "0")
	c.was[name], c.values[name], c.rule[name] = el("span", "was"), el("span", "v"), el("span", "rule")
	c.dd[name] = set(el("dd", "", c.was[name], c.values[name], c.rule[name]), "data-field", name)
	if name == "presence" || name == "roster" {
		c.dd[name].SetAttribute("tabindex", "0") // a long value opens in place on focus
	}
	dl.AppendChild(dt)
	dl.AppendChild(c.dd[name])
	dl.AppendChild(txt("dd", "explain", view.FieldHelp[name]))
}

// place puts the card at index i of a list of all sessions, in a grid of
// cols columns whose first row shown is row first.
func (c *card) place(i, first, cols, all int) {
	c.scr.style(c.root, "gridArea", strconv.Itoa(i/cols-first+1)+" / "+strconv.Itoa(i%cols+1))
	c.scr.attr(c.root, "aria-posinset", strconv.Itoa(i+1))
	c.scr.attr(c.root, "aria-setsize", strconv.Itoa(all))
}

// update shows the session; fresh forces every write, for a card just
// bound to it.
func (c *card) update(s view.Session, fresh bool) {
	sc := c.scr
	if fresh {
		clear(sc)
	}
	sc.attr(c.root, "aria-label", s.Title())
	sc.text(c.sid, s.Title())
	sc.text(c.state, s.State)
	sc.attr(c.root, "data-state", s.State)
	dead := s.State == session.StateDestroyed
	sc.class(c.root, "destroyed", dead)
	prop(c.dismiss, "hidden", !dead)
	for i, st := range view.States {
		sc.class(c.steps[i], "on", st == s.State)
		sc.attr(c.steps[i], "aria-current", map[bool]string{true: "step", false: "false"}[st == s.State])
	}
	why, fields := s.Card()
	sc.text(c.why, why)
	sc.text(c.trans, s.Transition)
	sc.class(c.badge["connected"], "on", s.Connected)
	sc.class(c.badge["available"], "on", s.Available)
	sc.class(c.badge["interested"], "on", s.Interested)
	for _, fl := range fields {
		c.updateField(fl)
	}
	c.updateToken(s.Token)
}

func (c *card) updateField(f view.CardField) {
	sc, dd := c.scr, c.dd[f.Name]
	sc.text(c.values[f.Name], f.Value)
	sc.class(dd, "unset", f.Unset)
	sc.text(c.was[f.Name], f.Was)
	sc.text(c.rule[f.Name], f.Rule)
	sc.class(dd, "changed", f.Changed)
	sc.put(slot{dd, "data-changed"}, f.Was+"\x00"+f.Rule+strconv.FormatBool(f.Changed), func() {
		if f.Changed {
			dd.SetAttribute("data-changed", "")
		} else {
			dd.RemoveAttribute("data-changed")
		}
	})
}

func (c *card) updateToken(claims []session.TokenClaim) {
	var b strings.Builder
	for _, cl := range claims {
		b.WriteString(cl.Name + "\x00" + cl.Value + "\x00")
	}
	if last, ok := c.scr[slot{c.token, "claims"}]; ok && last == b.String() {
		return
	}
	c.scr[slot{c.token, "claims"}] = b.String()
	kids := make([]elem, 0, 2*len(claims))
	for _, cl := range claims {
		kids = append(kids, txt("dt", "", cl.Name), txt("dd", "", cl.Value))
	}
	replace(c.token, kids...)
	prop(c.token, "hidden", len(claims) == 0)
}

// scrollKey returns where Page Up, Page Down, Home or End scroll the
// scroller, unless the key is typed into a form field.
func scrollKey(ev event, scroller elem) (float64, bool) {
	key, plain := keyOf(ev)
	switch tagOf(ev) {
	case "INPUT", "TEXTAREA", "SELECT":
		return 0, false
	}
	s := scroller.Underlying()
	to, ok := view.KeyScroll(key, s.Get("scrollTop").Float(), s.Get("clientHeight").Float(), s.Get("scrollHeight").Float())
	return to, ok && plain
}
