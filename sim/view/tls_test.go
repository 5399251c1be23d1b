package view_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/view"
)

// TestTLSRows: the listener's recorded TLS handshake shows in the log and
// on the stage as what it is, not as TCP traffic.
func TestTLSRows(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"log element", view.Entry{Dir: view.DirIn, What: "tls"}.Row(false).Element, "[tls]"},
		{"log summary", view.Entry{Dir: view.DirIn, What: "tls"}.Row(false).Summary, "TLS handshake done (outside the engine, recorded by the listener)"},
		{"log kind", view.Entry{Dir: view.DirIn, What: "tls"}.Kind(), "connection"},
		{"stage label", view.Flight{Kind: "tls"}.Label(), "TLS handshake"},
		{"close unchanged", view.Entry{Dir: view.DirIn, What: "close"}.Row(false).Summary, "TCP close"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}
