package control

import (
	"encoding/json"
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
//
// A fragment's characters are a query's, so the token goes on as it came,
// still escaped, and the listener unescapes it (net/url would cost the
// page 14 KB of its download for this alone).
func Live(hash string) (query string, ok bool) {
	if hash != liveHash && !strings.HasPrefix(hash, liveHash+"=") {
		return "", false
	}
	token, reveal := param(hash[1:], "live"), param(hash[1:], "reveal")
	token = strings.ReplaceAll(token, "#", "%23")
	if reveal == "1" {
		return "?reveal=1&token=" + token, true
	}
	return "?token=" + token, true
}

// param returns the first value of key in a query, as it is written.
func param(query, key string) string {
	for pair := range strings.SplitSeq(query, "&") {
		if k, v, _ := strings.Cut(pair, "="); k == key {
			return v
		}
	}
	return ""
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
