package control

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

// Live reports whether a page's location hash asks for live mode, and
// returns the query its events URL needs: the token, and reveal when
// asked for. The fragment itself never reaches a server.
func Live(hash string) (query string, ok bool) {
	if hash != liveHash && !strings.HasPrefix(hash, liveHash+"=") {
		return "", false
	}
	q, _ := url.ParseQuery(strings.TrimPrefix(hash, "#"))
	out := url.Values{"token": {q.Get("live")}}
	if q.Get("reveal") == "1" {
		out.Set("reveal", "1")
	}
	return "?" + out.Encode(), true
}

// ObserveLive applies one engine event from a listener, as the events
// endpoint sends it (JSON); what is not an event is ignored rather than
// stop the watching.
func (b *Board) ObserveLive(data string) {
	var ev engine.Event
	if json.Unmarshal([]byte(data), &ev) == nil {
		b.Model.Observe(ev)
	}
}
