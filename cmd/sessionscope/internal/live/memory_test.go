package live_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// churn has n clients, one after another, log in and leave.
func churn(t *testing.T, g *rig, n int) {
	t.Helper()
	for i := range n {
		c := dialRaw(t, g.tcp)
		c.login("user", "r")
		c.send("</stream:stream>")
		c.eof()
		_ = c.c.Close()
		if i%50 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

// TestChurnStaysBounded: connections coming and going leave the engine
// no larger: an unrecorded runner keeps no inputs, and only the
// KeepEnded newest destroyed sessions stay on view (the older ones are
// dismissed), so a page that starts watching receives only those.
func TestChurnStaysBounded(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg, KeepEnded: 5})
	churn(t, g, 60)
	var inputs, on int
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := g.r.Do(func(e *engine.Engine) { inputs, on = len(e.Inputs()), len(e.Sessions()) }); err != nil {
			t.Fatal(err)
		}
		if on <= 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if inputs != 0 || on != 5 {
		t.Errorf("after 60 connections: %d inputs kept, %d sessions on view; want none and the 5 newest ended", inputs, on)
	}
	if _, err := g.r.Scenario(); err == nil {
		t.Error("an unrecorded runner gave a scenario")
	}
	url, _ := eventsServer(t, g)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w := watch(t, ctx, url, nil)
	c := dialRaw(t, g.tcp)
	c.send(header)
	created := 0
	for {
		ev := w.next()
		if ev.Kind != engine.SessionCreated {
			break
		}
		created++
	}
	if created != 5 {
		t.Errorf("a new watcher first received %d sessions, want the 5 kept", created)
	}
}

// TestDismissedReplays: the dismissals of a recorded run are inputs, so
// it replays to the same transcript and the same sessions on view.
func TestDismissedReplays(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, stop := start(t, live.Config{Engine: cfg, KeepEnded: 2, Record: true})
	churn(t, g, 6)
	carol := dialRaw(t, g.tcp)
	carol.login("carol", "r")
	var want []string
	if err := g.r.Do(func(e *engine.Engine) {
		for _, s := range e.Sessions() {
			want = append(want, s.ID+" "+s.State)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 {
		t.Errorf("sessions on view %q, want the 2 newest ended and carol's", want)
	}
	stop()
	s, err := g.r.Recorded()
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := live.WriteScenario(&file, s); err != nil {
		t.Fatal(err)
	}
	if s, err = live.ReadScenario(&file); err != nil {
		t.Fatal(err)
	}
	var again engine.Transcript
	e, err := engine.Replay(s.Config, s.Inputs, again.Observe)
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != g.trans.String() {
		t.Error("the replay's transcript differs from the live run's")
	}
	var got []string
	for _, s := range e.Sessions() {
		got = append(got, s.ID+" "+s.State)
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("replayed sessions %q, want %q", got, want)
	}
}
