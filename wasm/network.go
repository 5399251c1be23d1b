//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// renderNetwork lists the deliveries in flight, oldest (next) first, each
// drawn as a chip on the lane between its client and the server.
func (u *ui) renderNetwork(v view) {
	var key strings.Builder
	for _, f := range v.queue {
		key.WriteString(strconv.FormatUint(f.seq, 10) + ",")
	}
	setText(u.flightCount, "("+strconv.Itoa(v.pending)+" pending)")
	if u.rendered && key.String() == flightKey(u.last.queue) && v.gen == u.last.gen {
		return
	}
	if u.flights == nil || v.gen != u.last.gen {
		u.flights = make(map[uint64]js.Value)
		clear(u.network)
	}
	seen := make(map[uint64]bool, len(v.queue))
	for i, f := range v.queue {
		seen[f.seq] = true
		li, ok := u.flights[f.seq]
		if !ok {
			li = flightRow(f)
			u.flights[f.seq] = li
		}
		setClass(li, "next", i == 0)
		if !li.Get("previousElementSibling").Equal(u.prevFlight(v.queue, i)) || !ok {
			u.network.Call("insertBefore", li, u.flightSlot(v.queue, i))
		}
	}
	for seq, li := range u.flights {
		if !seen[seq] {
			li.Call("remove")
			delete(u.flights, seq)
		}
	}
	empty := byID("network-empty")
	empty.Set("hidden", len(v.queue) > 0)
}

func (u *ui) prevFlight(q []flight, i int) js.Value {
	if i == 0 {
		return js.Null()
	}
	return u.flights[q[i-1].seq]
}

func (u *ui) flightSlot(q []flight, i int) js.Value {
	if i == 0 {
		return u.network.Get("firstElementChild")
	}
	return u.flights[q[i-1].seq].Get("nextElementSibling")
}

func flightKey(q []flight) string {
	var b strings.Builder
	for _, f := range q {
		b.WriteString(strconv.FormatUint(f.seq, 10) + ",")
	}
	return b.String()
}

func flightRow(f flight) js.Value {
	li := attr(elem("li", "flight "+f.dir), "data-seq", strconv.FormatUint(f.seq, 10))
	who := f.client
	if who == "" {
		who = f.conn
	}
	lane := elem("div", "lane")
	chip := elem("span", "chip")
	summary := "[" + f.kind + "]"
	if f.kind == "data" {
		el, _, sum := describe(f.raw, false)
		summary = el + ": " + sum
	}
	setText(chip, summary)
	attr(chip, "tabindex", "0")
	attr(chip, "data-inspect", strconv.FormatUint(f.seq, 10))
	add(lane, textElem("span", "end client-end", who), chip, textElem("span", "end server-end", "server"))
	label := "#" + strconv.FormatUint(f.seq, 10)
	seq := strconv.FormatUint(f.seq, 10)
	drop := attr(button("Drop", "drop delivery "+seq, ""), "data-drop", seq)
	delay := attr(button("Delay", "delay delivery "+seq+" behind the others", ""), "data-delay", seq)
	cut := attr(button("Cut", "cut "+who+"'s connection", ""), "data-cut", f.client)
	cut.Set("disabled", f.client == "")
	add(li, textElem("span", "seq", label), lane, drop, delay, cut)
	return li
}

// bindNetwork connects the fault-injection buttons; each fault is a
// recorded input, so replay repeats it.
func (a *app) bindNetwork() {
	a.bindNetworkKeys()
	on(byID("network"), "click", func(ev js.Value) {
		if seq, _ := closestData(ev, "drop"); seq != "" {
			a.do(func() error { return a.input(engine.Input{Op: engine.OpDrop, ID: seq}, false) }, nil)
			return
		}
		if seq, _ := closestData(ev, "delay"); seq != "" {
			a.do(func() error { return a.input(engine.Input{Op: engine.OpDelay, ID: seq}, false) }, nil)
			return
		}
		if name, _ := closestData(ev, "cut"); name != "" {
			a.do(func() error {
				return a.input(engine.Input{Op: engine.OpAct, Name: name, Action: client.ActDrop}, false)
			}, nil)
			return
		}
		if seq, _ := closestData(ev, "inspect"); seq != "" {
			a.inspectFlight(seq)
		}
	})
}

func (a *app) bindNetworkKeys() {
	on(byID("network"), "keydown", func(ev js.Value) {
		if ev.Get("key").String() != "Enter" {
			return
		}
		if seq, _ := closestData(ev, "inspect"); seq != "" {
			a.inspectFlight(seq)
		}
	})
}

// inspectFlight shows a pending delivery in the detail pane.
func (a *app) inspectFlight(seq string) {
	a.mu.Lock()
	v := a.view
	a.mu.Unlock()
	for _, f := range v.queue {
		if strconv.FormatUint(f.seq, 10) != seq {
			continue
		}
		d := a.ui.detail
		clear(d)
		add(d, textElem("span", "x-note", "in flight #"+seq+" · "+f.conn+" "+f.client+" · "+f.dir+" · "+f.kind+"\n"))
		for _, s := range prettyXML(f.raw, currentFilter().reveal) {
			add(d, textElem("span", s.class, s.text))
		}
		d.Call("scrollIntoView", map[string]any{"block": "nearest"})
	}
}
