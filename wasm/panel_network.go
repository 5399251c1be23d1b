//go:build js && wasm

package main

import (
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// networkPanel lists the deliveries in flight, oldest (next) first, each
// drawn as a chip on the lane between its client and the server, with
// drop, delay and cut: each a recorded input, so replay repeats it.
type networkPanel struct {
	a           *app
	list, empty elem
	count       elem
	rows        map[uint64]elem
	gen         int
	shown       string // the sequence numbers shown, in order
	scr         screen
}

func newNetworkPanel(a *app) *networkPanel {
	p := &networkPanel{a: a, list: byID("network"), empty: byID("network-empty"), count: byID("flight-count"), scr: screen{}}
	on(p.list, "click", p.click)
	on(p.list, "keydown", func(ev event) {
		if k, _ := keyOf(ev); k == "Enter" {
			if seq, _ := dataOf(ev, "inspect"); seq != "" {
				p.inspect(seq)
			}
		}
	})
	return p
}

func (p *networkPanel) click(ev event) {
	a := p.a
	if seq, _ := dataOf(ev, "drop"); seq != "" {
		a.act(engine.Input{Op: engine.OpDrop, ID: seq})
	} else if seq, _ := dataOf(ev, "delay"); seq != "" {
		a.act(engine.Input{Op: engine.OpDelay, ID: seq})
	} else if name, _ := dataOf(ev, "cut"); name != "" {
		a.act(engine.Input{Op: engine.OpAct, Name: name, Action: client.ActDrop})
	} else if seq, _ := dataOf(ev, "inspect"); seq != "" {
		p.inspect(seq)
	}
}

func (p *networkPanel) render(f frame) {
	p.scr.text(p.count, f.FlightCount())
	key := ""
	for _, fl := range f.Flights {
		key += fl.ID + ","
	}
	if p.rows != nil && key == p.shown && f.Gen == p.gen {
		return
	}
	if p.rows == nil || f.Gen != p.gen {
		p.rows = make(map[uint64]elem)
		replace(p.list)
	}
	p.shown, p.gen = key, f.Gen
	els := make([]elem, 0, len(f.Flights))
	seen := make(map[uint64]bool, len(f.Flights))
	for i, fl := range f.Flights {
		seen[fl.Seq] = true
		li, ok := p.rows[fl.Seq]
		if !ok {
			li = flightRow(fl)
			p.rows[fl.Seq] = li
		}
		classOn(li, "next", i == 0)
		els = append(els, li)
	}
	for seq, li := range p.rows {
		if !seen[seq] {
			li.Remove()
			delete(p.rows, seq)
		}
	}
	arrange(p.list, els)
	prop(p.empty, "hidden", len(f.Flights) > 0)
}

func flightRow(f view.Flight) elem {
	who, seq := f.Who(), f.ID
	chip := set(txt("span", "chip", f.Summary()), "tabindex", "0", "data-inspect", seq)
	lane := el("div", "lane", txt("span", "end client-end", who), chip, txt("span", "end server-end", "server"))
	cut := button("Cut", "Cut "+who+"'s connection", "", "data-cut", f.Client)
	prop(cut, "disabled", f.Client == "")
	return set(el("li", "flight "+f.Dir, txt("span", "seq", "#"+seq), lane,
		button("Drop", "Drop delivery "+seq, "", "data-drop", seq),
		button("Delay", "Delay delivery "+seq+" behind the others", "", "data-delay", seq), cut), "data-seq", seq)
}

// inspect shows a pending delivery in the log's detail pane.
func (p *networkPanel) inspect(seq string) {
	p.a.mu.Lock()
	f := p.a.frame
	p.a.mu.Unlock()
	for _, fl := range f.Flights {
		if fl.ID == seq {
			p.a.log.detail("in flight #"+seq+" · "+fl.Conn+" "+fl.Client+" · "+fl.Dir+" · "+fl.Kind+"\n", fl.Raw)
			p.a.log.pane.Underlying().Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	}
}
