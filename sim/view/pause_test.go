package view

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

func TestPauseMark(t *testing.T) {
	log := []Entry{
		{Client: "alice", Dir: engine.In, What: "data", Raw: "<message type='error'/>"},
		{Client: "alice", Dir: engine.Out, What: "open"},
		{Client: "bob", Dir: engine.Out, What: "data", Raw: "<message type='chat'><body>no error here</body></message>"},
		{Client: "carol", Dir: engine.Out, What: "data", Raw: "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"},
	}
	errors := []struct {
		raw  string
		want bool
	}{
		{"<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", true},
		{"<?xml version='1.0'?><stream:stream from='localhost'><stream:error><host-unknown/></stream:error>", true},
		{`<iq type="error" id="b1"><error type='cancel'/></iq>`, true},
		{"<message type='error' to='a@b'><error type='cancel'/></message>", true},
		{"<presence type='error'/>", true},
		{"<message type='chat'><body>type='error' &lt;stream:error&gt;</body></message>", false},
		{"<iq type='result' id='r1'/>", false},
		{"<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>", false},
	}
	for _, e := range errors {
		if got := IsError(e.raw); got != e.want {
			t.Errorf("IsError(%q) = %v, want %v", e.raw, got, e.want)
		}
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
			e, ok := PauseMark(log, tc.from, tc.what)
			if ok != tc.wantHit || e.Client != tc.want {
				t.Errorf("PauseMark(%d, %q) = %q, %v; want %q, %v", tc.from, tc.what, e.Client, ok, tc.want, tc.wantHit)
			}
		})
	}
}
