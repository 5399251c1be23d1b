package engine_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// external logs a client in with bytes from outside, as a listener
// brings them: PLAIN alice/secret, a bind, then a hang-up. It returns
// what the server wrote back, in order.
func external(t *testing.T, e *engine.Engine) []string {
	t.Helper()
	var out []string
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out {
			out = append(out, ev.What+" "+ev.Raw)
		}
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.AddAccount("alice", "secret"))
	_, err := e.Dial("tcp1")
	must(err)
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	plain := base64.StdEncoding.EncodeToString([]byte("\x00alice\x00secret"))
	for _, chunk := range []string{
		header, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>",
		header, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>live</resource></bind></iq>",
	} {
		must(e.Recv("tcp1", []byte(chunk)))
		e.Run(0)
	}
	must(e.Recv("tcp1", []byte("<message to='alice@localhost'><body>\xff\xfe</body></message>"))) // not UTF-8: the stream fails
	e.Run(0)
	must(e.Hangup("tcp1"))
	e.Run(0)
	return out
}

func TestExternalConnection(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := external(t, e)
	joined := strings.Join(out, "\n")
	for _, want := range []string{
		"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
		"<jid>alice@localhost/live</jid>",
		"<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>",
		"close ",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("server output lacks %q:\n%s", want, joined)
		}
	}
	if s := e.Sessions()[0]; s.State != "destroyed" || s.Error != "not-well-formed" {
		t.Errorf("session ends %q (%q), want destroyed (not-well-formed)", s.State, s.Error)
	}
}

// TestExternalReplayThroughJSON saves the input log as JSON, as a live
// run's -record does, and replays it without any socket: the transcript
// is the same, bytes that are not UTF-8 included.
func TestExternalReplayThroughJSON(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var first engine.Transcript
	e.Subscribe(first.Observe)
	external(t, e)
	saved, err := json.Marshal(e.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	var inputs []engine.Input
	if err := json.Unmarshal(saved, &inputs); err != nil {
		t.Fatal(err)
	}
	var second engine.Transcript
	if _, err := engine.Replay(cfg, inputs, second.Observe); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("replay differs:\n--- live\n%s\n--- replay\n%s", first.String(), second.String())
	}
}

func TestExternalErrors(t *testing.T) {
	e, err := engine.New(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Dial(""); err == nil {
		t.Error("Dial with no name succeeded")
	}
	if _, err := e.Dial("a"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
	}{
		{"dial twice", func() error { _, err := e.Dial("a"); return err }()},
		{"recv unknown", e.Recv("b", []byte("x"))},
		{"hangup unknown", e.Hangup("b")},
		{"apply unknown recv", e.Apply(engine.Input{Op: engine.OpRecv, Name: "b", Raw: "x"})},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if err := e.Hangup("a"); err != nil {
		t.Fatal(err)
	}
	if err := e.Hangup("a"); err == nil {
		t.Error("second hangup succeeded")
	}
}
