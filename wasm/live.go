//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// liveHash is the fragment that puts the page in live mode: served by
// `sessionscope listen -http`, it shows the sessions of real clients
// connected to the native engine, in the same cards as the simulator.
const liveHash = "#live"

// startLive subscribes to the native engine's events over a WebSocket at
// live.EventsPath and feeds each event to the same recorder the local run
// uses. The JavaScript callbacks only queue work: parsing and rendering
// happen on the worker goroutine. Nothing is saved in live mode.
func (a *app) startLive() {
	loc := js.Global().Get("location")
	scheme := "ws://"
	if loc.Get("protocol").String() == "https:" {
		scheme = "wss://"
	}
	url := scheme + loc.Get("host").String() + "/live/events"
	ws := js.Global().Get("WebSocket").New(url)
	var onMessage, onClose js.Func
	onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		data := args[0].Get("data").String()
		a.do(func() error { return a.liveEvent(data) }, nil)
		return nil
	})
	onClose = js.FuncOf(func(js.Value, []js.Value) any {
		a.ui.showBanner("The live connection to the listener closed. Reload the page to watch again.")
		return nil
	})
	ws.Set("onmessage", onMessage)
	ws.Set("onclose", onClose)
	a.markReady()
	a.ui.flash("Live: showing the sessions of real clients connected to this listener, as their stanzas arrive.")
	a.ui.status.Get("dataset").Set("live", "true")
}

// liveEvent applies one engine event from the listener.
func (a *app) liveEvent(data string) error {
	var ev engine.Event
	if err := json.Unmarshal([]byte(data), &ev); err != nil {
		return nil // not an event: ignore it rather than stop watching
	}
	a.rec.observe(ev)
	return nil
}
