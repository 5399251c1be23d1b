package live_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestRecordReplays: a live run with real sockets (two mellium clients
// exchanging a message, a raw client that is dropped for idling), saved
// as JSON and replayed without sockets, gives the same transcript, byte
// for byte, and the same sessions.
func TestRecordReplays(t *testing.T) {
	users := []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}}
	g, stop := start(t, live.Config{Users: users, Tick: 20 * time.Millisecond, ReadTimeout: 200 * time.Millisecond, Record: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	alice := dialMellium(ctx, t, g, false, "alice", "a")
	bob := dialMellium(ctx, t, g, true, "bob", "b")
	loris := dialRaw(t, g.tcp)
	loris.send("<stream:stream")
	loris.eof()
	if err := alice.s.Send(ctx, chat(bob.s.LocalAddr().String(), "recorded")); err != nil {
		t.Fatal(err)
	}
	if body := <-bob.bodies; body != "recorded" {
		t.Fatalf("bob received %q", body)
	}
	_ = alice.s.Close()
	want, err := g.r.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	stop()
	s, err := g.r.Recorded()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Inputs) < len(want.Inputs) {
		t.Fatalf("recorded %d inputs, fewer than the %d seen earlier", len(s.Inputs), len(want.Inputs))
	}
	var file bytes.Buffer
	if err := live.WriteScenario(&file, s); err != nil {
		t.Fatal(err)
	}
	loaded, err := live.ReadScenario(&file)
	if err != nil {
		t.Fatal(err)
	}
	var again engine.Transcript
	e, err := live.Replay(loaded, again.Observe)
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != g.trans.String() {
		t.Errorf("the replay differs from the live run:\n--- live\n%s\n--- replay\n%s", g.trans.String(), again.String())
	}
	if n := len(e.Sessions()); n != 3 {
		t.Errorf("replay has %d sessions, want 3", n)
	}
	// The page loads a saved run into a timeline.
	tl, err := engine.NewTimeline(loaded.Config)
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Load(loaded); err != nil {
		t.Fatal(err)
	}
	if got, want := tl.Engine().Sessions(), e.Sessions(); len(got) != len(want) || got[1].Fields["full_jid"] != want[1].Fields["full_jid"] {
		t.Errorf("the timeline's sessions %+v differ from the replay's %+v", got, want)
	}
}
