//go:build browser

package web_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// faultyRun builds, through the console API, a run with every kind of
// input the page records besides the plain ones: a delay and a drop of
// deliveries in flight, a dismissed session, a removed client, a disabled
// and a deleted account, and an advance of the clock.
const faultyRun = `(async () => {
	const s = sessionscope;
	for (const [user, password, resource] of [["alice", "secret", "laptop"], ["bob", "builder", "phone"], ["carol", "pw", "tablet"]]) {
		await s.addClient({user, password, resource});
	}
	for (const a of ["connect", "open", "auth", "open", "bind"]) {
		for (const c of ["alice", "bob", "carol"]) await s.act(c, a);
		await s.step();
	}
	await s.act("alice", "presence");
	await s.act("alice", "message", {to: "bob@localhost", body: "hi"});
	await s.act("bob", "presence", {status: "here"});
	let f = await s.inFlight();
	await s.delay(f[0].id);
	f = await s.inFlight();
	await s.drop(f[f.length - 1].id);
	await s.step();
	await s.act("bob", "close");
	await s.step();
	const ended = (await s.allSessions()).find(x => x.state === "destroyed");
	await s.dismiss(ended.id);
	await s.removeClient("alice");
	await s.step();
	await s.disableAccount("carol");
	await s.deleteAccount("bob");
	await s.act("carol", "close");
	await s.step();
	return JSON.stringify({scenario: await s.scenario(), log: await s.log(), sessions: await s.allSessions()});
})()`

// TestBrowserSavedRunReplays saves a run with drops, delays, a dismissal,
// a removed client and deleted and disabled accounts from the page, and
// replays it with `sessionscope replay`: the bytes on the wire are the
// page's stanza log, row for row, and the sessions left are the page's.
func TestBrowserSavedRunReplays(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	var page struct {
		Scenario engine.Scenario `json:"scenario"`
		Log      []logRow
		Sessions []json.RawMessage
	}
	if err := json.Unmarshal([]byte(eval[string](t, ctx, faultyRun)), &page); err != nil {
		t.Fatal(err)
	}
	ops := map[engine.Op]bool{}
	for _, in := range page.Scenario.Inputs {
		ops[in.Op] = true
	}
	for _, op := range []engine.Op{engine.OpDrop, engine.OpDelay, engine.OpDismiss, engine.OpRemoveClient, engine.OpDeleteAccount, engine.OpDisable} {
		if !ops[op] {
			t.Errorf("the run has no %s input", op)
		}
	}
	wire, last, dismissed := replayHeadless(t, page.Scenario)
	t.Logf("%d inputs, %d rows on the wire, %d sessions shown", len(page.Scenario.Inputs), len(page.Log), len(page.Sessions))
	sameWire(t, wire, page.Log)
	var shown []json.RawMessage
	for _, id := range last.order {
		if !dismissed[id] {
			shown = append(shown, last.byID[id])
		}
	}
	if !sameJSON(shown, page.Sessions) {
		t.Errorf("sessions after replay:\n%s\non the page:\n%s", shown, page.Sessions)
	}
	pe.check(t)
}

// sessionscopeBinary is the command line make builds, or one built now.
func sessionscopeBinary(t *testing.T) string {
	if p, err := filepath.Abs("../bin/sessionscope"); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p := filepath.Join(t.TempDir(), "sessionscope")
	if out, err := exec.Command("go", "build", "-o", p, "../cmd/sessionscope").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return p
}

// snapshots are the last snapshot of each session, in creation order.
type snapshots struct {
	order []string
	byID  map[string]json.RawMessage
}

// replayed reads `replay -json`: the wire and timer events in order, the
// sessions' last snapshots and the sessions dismissed.
func replayed(t *testing.T, out []byte) ([]engine.Event, snapshots, map[string]bool) {
	var wire []engine.Event
	last := snapshots{byID: map[string]json.RawMessage{}}
	dismissed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var ev struct {
			engine.Event
			Snapshot json.RawMessage `json:"snapshot"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("replay -json printed %q: %v", sc.Text(), err)
		}
		switch {
		case ev.Kind == engine.Wire || ev.Kind == engine.TimerFired:
			wire = append(wire, ev.Event)
		case ev.Kind == engine.InputApplied && ev.What == string(engine.OpDismiss):
			dismissed[ev.SessionID] = true
		case len(ev.Snapshot) > 0:
			if _, ok := last.byID[ev.SessionID]; !ok {
				last.order = append(last.order, ev.SessionID)
			}
			last.byID[ev.SessionID] = ev.Snapshot
		}
	}
	return wire, last, dismissed
}

func sameJSON(a, b any) bool {
	var x, y any
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return json.Unmarshal(ja, &x) == nil && json.Unmarshal(jb, &y) == nil && reflect.DeepEqual(x, y)
}

// replayHeadless saves a run as the page's Save does and replays it with
// `sessionscope replay -json`, returning what replayed reads of it.
func replayHeadless(t *testing.T, s engine.Scenario) ([]engine.Event, snapshots, map[string]bool) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "run.json")
	b, _ := json.Marshal(s)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sessionscopeBinary(t), "replay", "-json", file).Output()
	if err != nil {
		t.Fatalf("sessionscope replay: %v", err)
	}
	return replayed(t, out)
}

// logRow is a row of the page's log as sessionscope.log() gives it.
type logRow struct{ Conn, Client, Dir, What, Raw string }

// sameWire checks that a headless replay put on the wire what the page
// logged, row by row.
func sameWire(t *testing.T, wire []engine.Event, log []logRow) {
	t.Helper()
	if len(wire) != len(log) {
		t.Fatalf("replay put %d things on the wire, the page logged %d", len(wire), len(log))
	}
	for i, e := range log {
		w := wire[i]
		got := [5]string{w.Conn, w.Client, w.Dir, w.What, w.Raw}
		if e.Dir == "timer" {
			got = [5]string{"", "", "timer", "timer", w.What}
		}
		if want := [5]string{e.Conn, e.Client, e.Dir, e.What, e.Raw}; got != want {
			t.Errorf("row %d: replay %q, page %q", i+1, got, want)
		}
	}
}
