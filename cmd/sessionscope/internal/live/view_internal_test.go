package live

import (
	"encoding/base64"
	"fmt"
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
	want := []string{"c2sabc", "destroyed", "conn1", "nil", "c2s", "nil", "nil", "nil", "nil", `mallory@localhost/\x1b[31mred`, "nil", "nil", "nil", "nil", "nil"}
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

// viewRun has n external clients log in, send presence and a message and
// leave, one after another, through an engine watched by a view, and
// returns what the view printed: its lines, and how many it dropped.
func viewRun(t *testing.T, n int) (*View, []string) {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(false, false)
	e.Subscribe(v.Observe)
	const open = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	var out []string
	for i := range n {
		name := fmt.Sprintf("tcp%d", i)
		if _, err := e.Dial(name); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
		for _, chunk := range []string{
			open, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00user"+fmt.Sprint(i%7)+"\x00pw")) + "</auth>",
			open, "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>",
			"<presence/>", "<message to='user0@localhost' type='chat'><body>hi</body></message>", "</stream:stream>",
		} {
			if err := e.Recv(name, []byte(chunk)); err != nil {
				t.Fatal(err)
			}
			e.Run(0)
		}
		if err := e.Hangup(name); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
		out = append(out, printed(v)...)
	}
	if d := v.dropped.Load(); d != 0 {
		t.Fatalf("%d lines dropped", d)
	}
	return v, out
}

// TestViewOutputGrowsLinearly: the terminal view prints what changed, so
// its output grows with the connections, not with their square (it once
// reprinted every session on every event: 1,600 lines and 390 KB after
// some 20 connections), and its closing table stays at MaxRows sessions.
func TestViewOutputGrowsLinearly(t *testing.T) {
	size := func(lines []string) int {
		n := 0
		for _, l := range lines {
			n += len(l) + 1
		}
		return n
	}
	_, few := viewRun(t, 20)
	v, many := viewRun(t, 400)
	perFew, perMany := size(few)/20, size(many)/400
	t.Logf("20 connections: %d lines, %d bytes; 400: %d lines, %d bytes", len(few), size(few), len(many), size(many))
	if perFew > 2000 || len(few) > 20*12 {
		t.Errorf("20 connections printed %d lines, %d bytes each: more than what changed", len(few), perFew)
	}
	if perMany > perFew*5/4 {
		t.Errorf("bytes per connection grew from %d (20 connections) to %d (400)", perFew, perMany)
	}
	if lines := strings.Count(v.Table(), "\n"); lines > v.maxRows()+2 {
		t.Errorf("the table has %d lines, want at most %d", lines, v.maxRows()+2)
	}
}
