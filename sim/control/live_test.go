package control

import (
	"encoding/json"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestLive: the page enters live mode for #live and #live=TOKEN, and asks
// the events for the token it was given, and for credentials only when
// the address says reveal=1.
func TestLive(t *testing.T) {
	for _, tc := range []struct {
		name, hash string
		live       bool
		query      string
	}{
		{"the token", "#live=abc_DEF-123", true, "?token=abc_DEF-123"},
		{"revealed", "#live=abc&reveal=1", true, "?reveal=1&token=abc"},
		{"no token", "#live", true, "?token="},
		{"escaped", "#live=a%2Bb&reveal=0", true, "?token=a%2Bb"},
		{"the first of two", "#live=one&live=two", true, "?token=one"},
		{"a hash in the token", "#live=a#b", true, "?token=a%23b"},
		{"a run", "#run=xyz", false, ""},
		{"nothing", "", false, ""},
		{"a lookalike", "#lively", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, live := Live(tc.hash)
			if live != tc.live || query != tc.query {
				t.Errorf("Live(%q) = %q, %v; want %q, %v", tc.hash, query, live, tc.query, tc.live)
			}
		})
	}
}

// TestObserveLive: events from a listener reach the model; anything else
// is ignored.
func TestObserveLive(t *testing.T) {
	b, _ := newBoard(t)
	ev, _ := json.Marshal(engine.Event{Kind: engine.Wire, Conn: "conn9", Dir: engine.In, What: "open"})
	b.ObserveLive("not an event")
	b.ObserveLive(string(ev))
	if log := b.Model.Log(); len(log) != 1 || log[0].Conn != "conn9" {
		t.Errorf("log %+v, want the one wire event", log)
	}
}
