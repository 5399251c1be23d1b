//go:build js && wasm

package main

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// liveHash is the fragment that puts the page in live mode: served by
// `sessionscope listen -http`, it shows the sessions of real clients
// connected to the native engine, in the same cards as the simulator.
// The listener prints the page's address as #live=TOKEN, its secret
// token, which the events endpoint requires; #live=TOKEN&reveal=1 asks
// for SASL credentials unmasked.
const liveHash = "#live"

// isLive reports whether the location hash asks for live mode.
func isLive(hash string) bool {
	return hash == liveHash || strings.HasPrefix(hash, liveHash+"=")
}

// eventsQuery is the events URL's query for a live hash: the token, and
// reveal when asked for. The fragment never reaches a server.
func eventsQuery(hash string) string {
	q, _ := url.ParseQuery(strings.TrimPrefix(hash, "#"))
	out := url.Values{"token": {q.Get("live")}}
	if q.Get("reveal") == "1" {
		out.Set("reveal", "1")
	}
	return "?" + out.Encode()
}

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
	query := eventsQuery(loc.Get("hash").String())
	ws := jsGlobal.Get("WebSocket").New(scheme + loc.Get("host").String() + "/live/events" + query)
	ws.Set("onmessage", funcOf(func(ev jsValue) {
		data := ev.Get("data").String()
		a.do(func() error { a.liveEvent(data); return nil }, nil)
	}))
	ws.Set("onclose", funcOf(func(jsValue) {
		a.showBanner("The live connection to the listener closed. Reload the page to watch again.")
	}))
	prop(byID("realclient-panel"), "hidden", true) // the real client talks to this page's run, not the listener's
	a.markReady()
	a.flash("Live: showing the sessions of real clients connected to this listener, as their stanzas arrive.")
	a.status.SetAttribute("data-live", "true")
}

// liveEvent applies one engine event from the listener; what is not an
// event is ignored rather than stop the watching.
func (a *app) liveEvent(data string) {
	var ev engine.Event
	if json.Unmarshal([]byte(data), &ev) == nil {
		a.b.Model.Observe(ev)
	}
}
