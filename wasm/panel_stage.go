//go:build js && wasm

package main

import (
	"strconv"

	"github.com/sessionscope/sessionscope/sim/view"
)

// stagePanel draws the system: a wire for each connection, from its
// client to its session on the server, with the deliveries in flight on
// it as envelopes. Between steps an envelope that was delivered travels to
// its end of the wire in 400 ms, and the others move up; under
// prefers-reduced-motion, or playing faster than 10 steps a second,
// nothing moves. A step never waits for the movement.
type stagePanel struct {
	a           *app
	root, list  elem
	more, empty elem
	rows        map[string]*wireRow
	scr         screen
}

// wireRow is one connection's row, with its envelopes by delivery id.
type wireRow struct {
	li, client, line, server elem
	envs                     map[string]elem
}

func newStagePanel(a *app) *stagePanel {
	return &stagePanel{a: a, root: byID("stage"), list: byID("wires"), more: byID("wires-more"), empty: byID("wires-empty"),
		rows: map[string]*wireRow{}, scr: screen{}}
}

func (p *stagePanel) render(f frame) {
	wires, more := f.Wires()
	p.scr.class(p.root, "fast", p.a.timeline.player.Speed().Fast)
	seen := make(map[string]bool, len(wires))
	els := make([]elem, 0, len(wires))
	for _, w := range wires {
		seen[w.Conn] = true
		r := p.rows[w.Conn]
		if r == nil {
			r = newWireRow(w.Conn)
			p.rows[w.Conn] = r
		}
		r.update(w, p.scr)
		els = append(els, r.li)
	}
	for conn, r := range p.rows {
		if !seen[conn] {
			r.li.Remove()
			delete(p.rows, conn)
		}
	}
	arrange(p.list, els)
	prop(p.empty, "hidden", len(wires) > 0)
	text := ""
	if more > 0 {
		text = "+ " + strconv.Itoa(more) + " more connections, on the session cards below"
	}
	p.scr.text(p.more, text)
}

func newWireRow(conn string) *wireRow {
	r := &wireRow{client: el("span", "w-client"), line: el("span", "w-line"), server: el("span", "w-server"), envs: map[string]elem{}}
	r.li = set(el("li", "wire", r.client, r.line, r.server), "data-conn", conn)
	return r
}

// update shows the wire's ends and moves its envelopes: the next to be
// delivered nearest the middle, those behind it nearer their sender.
func (r *wireRow) update(w view.Wire, scr screen) {
	scr.text(r.client, w.Client)
	scr.text(r.server, w.ServerEnd())
	scr.class(r.li, "down", w.Down)
	seen := make(map[string]bool, len(w.Envelopes))
	for _, e := range w.Envelopes {
		seen[e.ID] = true
		env, ok := r.envs[e.ID]
		if !ok {
			env = set(txt("span", "env "+e.Dir, e.Label), "data-env", e.ID, "title", e.Label)
			env.Underlying().Get("style").Set("left", pct(view.Sender(e.Dir)))
			r.line.AppendChild(env)
			r.envs[e.ID] = env
			env.Underlying().Get("offsetWidth") // lay it out where it starts, so it moves from there
		}
		env.Underlying().Get("style").Set("left", pct(e.At))
	}
	for id, env := range r.envs {
		if !seen[id] {
			arrive(env)
			delete(r.envs, id)
		}
	}
}

// arrive moves a delivered envelope to its end of the wire and takes it
// away once there (at once when nothing moves).
func arrive(env elem) {
	dir := view.DirIn
	if env.Class().Contains(view.DirOut) {
		dir = view.DirOut
	}
	env.Underlying().Get("style").Set("left", pct(view.Receiver(dir)))
	env.Class().Add("arrived")
	if jsGlobal.Call("getComputedStyle", env.Underlying()).Get("transitionDuration").String() == "0s" {
		env.Remove()
		return
	}
	jsGlobal.Call("setTimeout", funcOf(func(jsValue) { env.Remove() }), 450)
}

func pct(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" }
