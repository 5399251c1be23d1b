package live

import (
	"slices"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
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

// TestViewTable: one row per session, with every session field, nil for the
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
	want := []string{"c2sabc", "destroyed", "conn1", "nil", "c2s", "nil", "nil", "nil", "nil", `mallory@localhost/\x1b[31mred`, "nil", "nil", "nil", "nil"}
	if strings.Join(row, " ") != strings.Join(want, " ") {
		t.Errorf("row\n got %q\nwant %q", row, want)
	}
}

// printed drains what the view would print.
func printed(v *View) []string {
	var out []string
	for {
		select {
		case l := <-v.lines:
			out = append(out, l)
		default:
			return out
		}
	}
}

// TestViewPrintsChanges: a real run through the view prints, after each
// step, one line per session that changed, naming its client, with only
// the fields that changed; -log masks SASL credentials.
func TestViewPrintsChanges(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(true, false)
	e.Subscribe(v.Observe)
	if _, err := e.AddClient(client.Spec{Name: "alice", User: "alice", Password: "secret", Resource: "laptop"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"connect", "open", "auth"} {
		if err := e.Act("alice", a); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
	}
	out := printed(v)
	id := e.Sessions()[0].ID
	for _, tc := range []struct{ name, want string }{
		{"a new session with its fields", id + " alice connected: conn nil → conn1, notopen nil → true, type nil → c2s_unauthed"},
		{"the stream header", id + " alice stream open: notopen true → nil, host nil → localhost"},
		{"SASL success", id + " alice authenticated: notopen nil → true, type c2s_unauthed → c2s_unbound, username nil → alice"},
		{"a delivery, credentials masked", "  conn1 alice C→S auth auth mechanism=PLAIN · ••••••"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Contains(out, tc.want) {
				t.Errorf("no line %q in\n%s", tc.want, strings.Join(out, "\n"))
			}
		})
	}
	if strings.Contains(strings.Join(out, "\n"), "AGFsaWNlAHNlY3JldA") {
		t.Error("the terminal shows alice's PLAIN credentials")
	}
	if err := e.Act("alice", "drop"); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	if out := printed(v); !slices.Contains(out, id+" alice destroyed: ended: closed") {
		t.Errorf("the session's end is not printed once:\n%s", strings.Join(out, "\n"))
	}
}

// TestViewStaysBounded: however many sessions end, the table keeps the
// MaxRows newest of them.
func TestViewStaysBounded(t *testing.T) {
	v := NewView(false, false)
	v.MaxRows = 3
	for i := range 10 {
		id := "c2s" + string(rune('a'+i))
		snap := session.Snapshot{ID: id, State: session.StateConnected}
		v.Observe(engine.Event{Kind: engine.SessionCreated, SessionID: id, Snapshot: &snap})
		end := session.Snapshot{ID: id, State: session.StateDestroyed}
		v.Observe(engine.Event{Kind: engine.SessionDestroyed, SessionID: id, Snapshot: &end})
	}
	lines := strings.Split(strings.TrimSpace(v.Table()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[3], "c2sj ") || !strings.HasPrefix(lines[1], "c2sh ") {
		t.Errorf("table of %d lines, want the header and the 3 newest sessions:\n%s", len(lines), v.Table())
	}
	if len(v.printed) != 0 {
		t.Errorf("%d ended sessions still remembered as printed", len(v.printed))
	}
}
