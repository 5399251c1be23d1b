package engine_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestExternalSTARTTLS: a listener's connection that can start TLS is
// offered <starttls/>, answered <proceed/>; the engine then waits for the
// handshake, which the listener reports with Secure; the session is secure
// at the stream restart and offers SCRAM-SHA-1-PLUS with the binding
// type. The inputs, saved as JSON and replayed, give the same bytes.
func TestExternalSTARTTLS(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.TLS, cfg.Server.RequireEncryption = true, true
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var live engine.Transcript
	e.Subscribe(live.Observe)
	if _, err := e.DialFrom("tcp1", "", true); err != nil {
		t.Fatal(err)
	}
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	recv := func(s string) {
		t.Helper()
		if err := e.Recv("tcp1", []byte(s)); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
	}
	recv(header)
	if e.AwaitingTLS("tcp1") {
		t.Fatal("awaiting TLS before <starttls/>")
	}
	recv("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
	if !e.AwaitingTLS("tcp1") {
		t.Fatal("not awaiting TLS after <proceed/>")
	}
	if err := e.Secure("tcp1", map[string][]byte{"tls-exporter": []byte("0123456789abcdef0123456789abcdef")}); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	if e.AwaitingTLS("tcp1") {
		t.Fatal("still awaiting TLS after the handshake")
	}
	if got := e.Sessions()[0].Fields["secure"]; got.Text != "false" {
		t.Fatalf("secure before the restart = %+v, want false", got)
	}
	recv(header)
	if got := e.Sessions()[0].Fields["secure"]; got.Text != "true" {
		t.Fatalf("secure after the restart = %+v, want true", got)
	}
	for _, want := range []string{
		"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>",
		"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
		"<mechanism>SCRAM-SHA-1-PLUS</mechanism>",
		"<channel-binding type='tls-exporter'/>",
	} {
		if !strings.Contains(live.String(), want) {
			t.Errorf("the transcript lacks %s:\n%s", want, live.String())
		}
	}
	if err := e.Secure("nobody", nil); err == nil {
		t.Error("Secure on an unknown connection succeeded")
	}
	b, err := json.Marshal(e.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	var inputs []engine.Input
	if err := json.Unmarshal(b, &inputs); err != nil {
		t.Fatal(err)
	}
	var again engine.Transcript
	if _, err := engine.Replay(cfg, inputs, again.Observe); err != nil {
		t.Fatal(err)
	}
	if again.String() != live.String() {
		t.Errorf("the replay differs:\n--- live\n%s\n--- replay\n%s", live.String(), again.String())
	}
	if got := (engine.Input{Op: engine.OpTLS, Name: "tcp1"}).String(); got != "tls tcp1" {
		t.Errorf("String() = %q", got)
	}
}
