package live_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

// TestScript: a live run becomes a scansion script in which both clients
// connect, alice sends bob a message and bob receives it; the script
// parses back to the same actions.
func TestScript(t *testing.T) {
	users := []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}}
	g, stop := start(t, live.Config{Users: users, Record: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	alice := dialMellium(ctx, t, g, false, "alice", "a")
	bob := dialMellium(ctx, t, g, false, "bob", "b")
	if err := alice.s.Send(ctx, chat(bob.s.LocalAddr().String(), "as a script")); err != nil {
		t.Fatal(err)
	}
	<-bob.bodies
	_ = alice.s.Close()
	stop()
	rec, err := g.r.Recorded()
	if err != nil {
		t.Fatal(err)
	}
	s, err := live.Script(rec)
	if err != nil {
		t.Fatal(err)
	}
	text := string(scansion.Format(s))
	back, err := scansion.Parse("live.scs", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(back.Clients) != 2 || back.Clients[0].Password != "secret" {
		t.Errorf("clients %+v, want alice and bob with their passwords", back.Clients)
	}
	var sent, received bool
	for _, a := range back.Actions {
		sent = sent || a.Kind == scansion.Sends && a.Client == "alice" && strings.Contains(a.XML, "<body>as a script</body>")
		received = received || a.Kind == scansion.Receives && a.Client == "bob" && strings.Contains(a.XML, "<body>as a script</body>")
	}
	if !sent || !received {
		t.Errorf("the script lacks the message sent (%v) or received (%v):\n%s", sent, received, text)
	}
}
