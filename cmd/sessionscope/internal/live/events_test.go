package live_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestEvents: a page following the live engine first receives the
// sessions that exist, then every change as a client logs in, as JSON
// engine events.
func TestEvents(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg})
	early := dialRaw(t, g.tcp)
	early.send(header)
	early.until("</stream:features>")
	srv := httptest.NewServer(g.r.EventsHandler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	next := func() engine.Event {
		t.Helper()
		_, b, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ev engine.Event
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		return ev
	}
	if ev := next(); ev.Kind != engine.SessionCreated || ev.Snapshot.ConnID != "conn1" || ev.Snapshot.State != "stream open" {
		t.Fatalf("first event %+v, want the open session on conn1", ev)
	}
	c := dialRaw(t, g.tcp)
	c.login("carol", "web")
	for {
		ev := next()
		if ev.Kind == engine.SessionChanged && ev.Snapshot.Fields["full_jid"].Text == "carol@localhost/web" {
			break
		}
	}
}
