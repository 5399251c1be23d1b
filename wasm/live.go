//go:build js && wasm

package main

import "github.com/sessionscope/sessionscope/sim/control"

// startLive subscribes to the native engine's events over a WebSocket at
// /live/events and feeds each event to the same model the local run uses.
// The WebSocket's callbacks only queue work: parsing and rendering happen
// on the worker goroutine. Nothing is saved in live mode.
func (a *app) startLive() {
	loc := jsGlobal.Get("location")
	scheme := "ws://"
	if loc.Get("protocol").String() == "https:" {
		scheme = "wss://"
	}
	query, _ := control.Live(loc.Get("hash").String())
	ws := jsGlobal.Get("WebSocket").New(scheme + loc.Get("host").String() + "/live/events" + query)
	ws.Set("onmessage", funcOf(func(ev jsValue) {
		data := ev.Get("data").String()
		a.do(func() error { a.b.ObserveLive(data); return nil }, nil)
	}))
	ws.Set("onclose", funcOf(func(jsValue) {
		a.showBanner("The live connection to the listener closed. Reload the page to watch again.")
	}))
	prop(byID("realclient-panel"), "hidden", true) // the real client talks to this page's run, not the listener's
	a.markReady()
	a.flash("Live: showing the sessions of real clients connected to this listener, as their stanzas arrive.")
	a.status.SetAttribute("data-live", "true")
}
