//go:build js && wasm

package main

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

func TestPauseMark(t *testing.T) {
	log := []logEntry{
		{who: "alice", dir: engine.In, what: "data", raw: "<message type='error'/>"},
		{who: "alice", dir: engine.Out, what: "open"},
		{who: "bob", dir: engine.Out, what: "data", raw: "<message type='chat'><body>no error here</body></message>"},
		{who: "carol", dir: engine.Out, what: "data", raw: "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"},
	}
	for name, tc := range map[string]struct {
		from    int
		what    string
		want    string
		wantHit bool
	}{
		"a stanza to a client":            {0, "stanza", "bob", true},
		"an error to a client":            {0, "error", "carol", true},
		"an error from a client is not":   {0, "error", "carol", true},
		"only entries since from":         {3, "stanza", "carol", true},
		"nothing since from":              {4, "stanza", "", false},
		"a from past the end finds none":  {9, "error", "", false},
		"a body saying error is no error": {2, "error", "carol", true},
	} {
		t.Run(name, func(t *testing.T) {
			e, ok := pauseMark(log, tc.from, tc.what)
			if ok != tc.wantHit || e.who != tc.want {
				t.Errorf("pauseMark(%d, %q) = %q, %v; want %q, %v", tc.from, tc.what, e.who, ok, tc.want, tc.wantHit)
			}
		})
	}
}
