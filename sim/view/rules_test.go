package view_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/view"
)

// TestFieldHelp: every field a card shows has a help text, and
// want_carbons' help and rules name mod_carbons.
func TestFieldHelp(t *testing.T) {
	for _, f := range session.Fields {
		if view.FieldHelp[f] == "" {
			t.Errorf("field %s has no help text", f)
		}
	}
	bound := session.Snapshot{State: session.StateBound}
	on := session.Value{Set: true, Text: "urn:xmpp:carbons:2"}
	for name, text := range map[string]string{
		"help":    view.FieldHelp["want_carbons"],
		"enable":  view.Rule("want_carbons", session.Value{}, on, bound, nil),
		"disable": view.Rule("want_carbons", on, session.Value{}, bound, nil),
	} {
		if !strings.Contains(text, "mod_carbons") {
			t.Errorf("%s text does not name mod_carbons: %q", name, text)
		}
	}
	if r := view.Rule("want_carbons", session.Value{}, on, bound, nil); !strings.Contains(r, "enabled") {
		t.Errorf("enable rule %q", r)
	}
	if r := view.Rule("want_carbons", on, session.Value{}, bound, nil); !strings.Contains(r, "disabled") {
		t.Errorf("disable rule %q", r)
	}
}
