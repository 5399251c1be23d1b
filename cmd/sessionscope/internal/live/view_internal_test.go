package live

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "alice@localhost/laptop", -1, "alice@localhost/laptop"},
		{"terminal escape", "x\x1b[2Jy", -1, `x\x1b[2Jy`},
		{"bell and nul", "\a\x00", -1, `\x07\x00`},
		{"newline", "a\nb", -1, "a b"},
		{"cut", "abcdef", 3, "abc…"},
		{"unicode kept", "café", -1, "café"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in, tt.max); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestViewTable: one row per session, with every seed field, nil for the
// unset ones, updated by later events.
func TestViewTable(t *testing.T) {
	v := NewView(false, false)
	snap := session.Snapshot{ID: "c2sabc", State: "bound", Fields: map[string]session.Value{
		"conn": {Set: true, Text: "conn1"}, "type": {Set: true, Text: "c2s"},
		"full_jid": {Set: true, Text: "mallory@localhost/\x1b[31mred"},
	}}
	v.Observe(engine.Event{Kind: engine.SessionCreated, SessionID: "c2sabc", Snapshot: &snap})
	snap2 := snap
	snap2.State = "destroyed"
	v.Observe(engine.Event{Kind: engine.SessionDestroyed, SessionID: "c2sabc", Snapshot: &snap2})
	lines := strings.Split(strings.TrimSpace(v.Table()), "\n")
	if len(lines) != 2 {
		t.Fatalf("table has %d lines, want a header and one row:\n%s", len(lines), v.Table())
	}
	for _, f := range session.Fields {
		if !strings.Contains(lines[0], f) {
			t.Errorf("header lacks %s: %s", f, lines[0])
		}
	}
	row := strings.Fields(lines[1])
	want := []string{"c2sabc", "destroyed", "conn1", "nil", "c2s", "nil", "nil", "nil", `mallory@localhost/\x1b[31mred`, "nil", "nil", "nil", "nil"}
	if strings.Join(row, " ") != strings.Join(want, " ") {
		t.Errorf("row\n got %q\nwant %q", row, want)
	}
}
