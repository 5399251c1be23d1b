package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// scenario drives two clients through logins, a conflict-free bind with a
// generated resource, a wrong password, a timeout and a drop.
func scenario(t *testing.T, e *engine.Engine) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.AddAccount("alice", "secret"))
	must(e.AddAccount("bob", "hunter2"))
	_, err := e.AddClient(client.Spec{User: "alice", Password: "secret", Resource: "laptop"})
	must(err)
	_, err = e.AddClient(client.Spec{User: "bob", Password: "hunter2"})
	must(err)
	_, err = e.AddClient(client.Spec{Name: "mallory", User: "mallory", Password: "x"})
	must(err)
	for _, a := range []string{"connect", "open", "auth-wrong", "auth", "open", "bind"} {
		must(e.Act("alice", a))
		must(e.Act("bob", a))
		e.Run(0) // the two clients' deliveries interleave in the network's queue
	}
	must(e.Act("mallory", "connect"))
	e.Run(0)
	must(e.Send("bob", "<message to='alice@localhost'><body>hi</body></message>"))
	e.Advance(301 * time.Second) // mallory never authenticated: connection-timeout
	e.Run(0)
	must(e.Act("alice", "drop"))
	must(e.Act("bob", "close"))
	e.Run(0)
}

func TestReplayIsExact(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Seed = 2026
	cfg.Server.DefaultIterationCount = 4096
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var first engine.Transcript
	e.Subscribe(first.Observe)
	scenario(t, e)

	var second engine.Transcript
	again, err := engine.Replay(cfg, e.Inputs(), second.Observe)
	if err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("replay differs:\n--- first\n%s\n--- replay\n%s", first.String(), second.String())
	}
	if again.StepCount() != e.StepCount() || !again.Now().Equal(e.Now()) {
		t.Fatalf("replay ended at step %d %v, original at %d %v", again.StepCount(), again.Now(), e.StepCount(), e.Now())
	}
	for _, want := range []string{"connection-timeout", "destroyed", "S->C <iq type='result' id='bind1'>"} {
		if !contains(first.String(), want) {
			t.Errorf("transcript lacks %q", want)
		}
	}

	cfg.Seed = 2027
	var other engine.Transcript
	if _, err := engine.Replay(cfg, e.Inputs(), other.Observe); err != nil {
		t.Fatal(err)
	}
	if other.String() == first.String() {
		t.Fatal("another seed gave the same transcript: ids are not drawn from the seed")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
