//go:build js && wasm

package main

import "testing"

// TestLiveHash: the page enters live mode for #live and #live=TOKEN, and
// asks the events for the token it was given, and for credentials only
// when the address says reveal=1.
func TestLiveHash(t *testing.T) {
	for _, tc := range []struct {
		name, hash string
		live       bool
		query      string
	}{
		{"the token", "#live=abc_DEF-123", true, "?token=abc_DEF-123"},
		{"revealed", "#live=abc&reveal=1", true, "?reveal=1&token=abc"},
		{"no token", "#live", true, "?token="},
		{"a run", "#run=xyz", false, ""},
		{"nothing", "", false, ""},
		{"a lookalike", "#lively", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := isLive(tc.hash); got != tc.live {
				t.Fatalf("isLive(%q) = %v", tc.hash, got)
			}
			if !tc.live {
				return
			}
			if got := eventsQuery(tc.hash); got != tc.query {
				t.Errorf("eventsQuery(%q) = %q, want %q", tc.hash, got, tc.query)
			}
		})
	}
}
