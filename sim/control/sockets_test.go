package control

import (
	"encoding/base64"
	"maps"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

const framing = "urn:ietf:params:xml:ns:xmpp-framing"

// talk sends a socket's messages and returns what came back.
func talk(t *testing.T, b *Board, name string, msgs ...string) []Out {
	t.Helper()
	for _, m := range msgs {
		if err := b.Recv(name, m); err != nil {
			t.Fatalf("recv %s: %v", m, err)
		}
	}
	return b.Outbox()
}

func open() string { return "<open xmlns='" + framing + "' to='localhost' version='1.0'/>" }

func plain(user, pass string) string {
	return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
		base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+pass)) + "</auth>"
}

// TestSocketLogsIn takes an in-tab WebSocket through a login and a
// logout: every answer arrives at once, one stanza per message in RFC
// 7395 framing, and the recorded run replays to the same transcript.
func TestSocketLogsIn(t *testing.T) {
	b, _ := newBoard(t)
	var live engine.Transcript
	b.TL.Subscribe(live.Observe)
	if err := b.Input(true, engine.Input{Op: engine.OpAccount, User: "juliet", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	name, err := b.Dial("converse", nil)
	if err != nil || name != "converse" {
		t.Fatalf("Dial: %q, %v", name, err)
	}
	out := talk(t, b, name, open())
	if len(out) != 2 || !strings.HasPrefix(out[0].Data, "<open xmlns='"+framing+"' xml:lang='en' version='1.0' id='") ||
		!strings.HasPrefix(out[1].Data, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms") {
		t.Fatalf("after <open/>: %+v", out)
	}
	if out = talk(t, b, name, plain("juliet", "pw")); len(out) != 1 || out[0].Data != "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" {
		t.Fatalf("after auth: %+v", out)
	}
	talk(t, b, name, open())
	out = talk(t, b, name, "<iq type='set' id='b1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>web</resource></bind></iq>")
	want := "<iq xmlns='jabber:client' type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@localhost/web</jid></bind></iq>"
	if len(out) != 1 || out[0].Data != want {
		t.Fatalf("after bind: %+v\nwant %q", out, want)
	}
	if s, ok := b.SocketSession(name); !ok || s.State != session.StateBound {
		t.Fatalf("session: %+v, %v", s, ok)
	}
	out = talk(t, b, name, "<close xmlns='"+framing+"'/>")
	if len(out) != 2 || out[0].Data != "<close xmlns='"+framing+"'/>" || !out[1].Close {
		t.Fatalf("after <close/>: %+v", out)
	}
	if err := b.Hangup(name); err != nil {
		t.Fatal(err)
	}
	if b.Live() {
		t.Error("still live with no socket attached")
	}
	s := b.TL.Scenario()
	var replayed engine.Transcript
	if _, err := engine.Replay(s.Config, s.Inputs, replayed.Observe); err != nil {
		t.Fatal(err)
	}
	if replayed.String() != live.String() {
		t.Errorf("replay differs:\n%s\nlive:\n%s", replayed.String(), live.String())
	}
}

// TestSocketHeld holds a socket's stanzas in flight until released.
func TestSocketHeld(t *testing.T) {
	b, _ := newBoard(t)
	name, _ := b.Dial("converse", nil)
	if err := b.Hold(true); err != nil {
		t.Fatal(err)
	}
	if out := talk(t, b, name, open()); len(out) != 0 {
		t.Fatalf("held, yet answered: %+v", out)
	}
	if b.TL.Engine().Pending() == 0 {
		t.Fatal("held, yet nothing is in flight")
	}
	if err := b.Hold(false); err != nil {
		t.Fatal(err)
	}
	if out := b.Outbox(); len(out) != 2 || b.TL.Engine().Pending() != 0 {
		t.Fatalf("released: %+v, %d pending", out, b.TL.Engine().Pending())
	}
}

// TestSocketDetachedByRebuild closes a socket when the run goes back in
// time, and ignores what it sends afterwards.
func TestSocketDetachedByRebuild(t *testing.T) {
	b, _ := newBoard(t)
	name, _ := b.Dial("converse", nil)
	talk(t, b, name, open())
	if err := b.TL.Back(1); err != nil {
		t.Fatal(err)
	}
	if out := b.Outbox(); len(out) != 1 || !out[0].Close || out[0].Socket != name {
		t.Fatalf("after going back: %+v", out)
	}
	_, total := b.TL.Position()
	if err := b.Recv(name, open()); err != nil {
		t.Fatal(err)
	}
	if _, now := b.TL.Position(); now != total || b.Live() {
		t.Errorf("a detached socket's message was applied: %d inputs, was %d", now, total)
	}
}

// TestSocketNames gives a socket a name no client or socket has.
func TestSocketNames(t *testing.T) {
	b, _ := newBoard(t)
	if err := b.AddClient("converse", "pw", "r", true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"converse-2", "converse-3"} {
		if got, err := b.Dial("converse", nil); err != nil || got != want {
			t.Errorf("Dial: %q, %v; want %q", got, err, want)
		}
	}
}

// TestSocketFrame shows the attached sockets and the hold in the frame.
func TestSocketFrame(t *testing.T) {
	b, _ := newBoard(t)
	if f := b.Frame(window); f.RealClients != 0 || f.Held {
		t.Fatalf("empty run: %d real clients, held %v", f.RealClients, f.Held)
	}
	name, _ := b.Dial("converse", nil)
	_ = b.Hold(true)
	if f := b.Frame(window); f.RealClients != 1 || !f.Held {
		t.Fatalf("attached and held: %d real clients, held %v", f.RealClients, f.Held)
	}
	_ = b.Hangup(name)
	if f := b.Frame(window); f.RealClients != 0 {
		t.Fatalf("hung up: %d real clients", f.RealClients)
	}
}

// TestSocketHangupReachesServer delivers a client's hangup at once: its
// session ends as when the TCP connection of a real client closes.
func TestSocketHangupReachesServer(t *testing.T) {
	b, _ := newBoard(t)
	name, _ := b.Dial("converse", nil)
	talk(t, b, name, open())
	if err := b.Hangup(name); err != nil {
		t.Fatal(err)
	}
	if n := b.TL.Engine().Pending(); n != 0 {
		t.Errorf("%d deliveries pending after the hangup", n)
	}
	for _, s := range b.TL.Engine().Sessions() {
		if s.State != session.StateDestroyed {
			t.Errorf("session %s is %s after its client hung up", s.ID, s.State)
		}
	}
	if out := b.Outbox(); len(out) != 0 {
		t.Errorf("a hung-up socket got %+v", out)
	}
}

// TestSocketOfflineFlush: offline messages flushed to an in-tab socket
// leave storage once handed to it, as once written to a listener's
// socket; none stays behind, and the recorded run replays.
func TestSocketOfflineFlush(t *testing.T) {
	b, _ := newBoard(t)
	for _, u := range []string{"juliet", "romeo"} {
		if err := b.Input(true, engine.Input{Op: engine.OpAccount, User: u, Password: "pw"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddClient("romeo", "pw", "phone", true); err != nil {
		t.Fatal(err)
	}
	for _, act := range []string{"connect", "open", "auth", "open", "bind"} {
		if _, err := b.Call("act", Args{"romeo", act}); err != nil {
			t.Fatal(err)
		}
		_, _ = b.Call("step", nil)
	}
	for i := range 3 {
		with := `{"to":"juliet@localhost","body":"m` + string(rune('1'+i)) + `"}`
		if _, err := b.Call("act", Args{"romeo", "message", with}); err != nil {
			t.Fatal(err)
		}
		_, _ = b.Call("step", nil)
	}
	store := b.TL.Engine().Server().Store()
	if n, _ := store.Offline("localhost", "juliet"); len(n) != 3 {
		t.Fatalf("%d offline messages stored for juliet, want 3", len(n))
	}
	name, _ := b.Dial("converse", nil)
	talk(t, b, name, open())
	talk(t, b, name, plain("juliet", "pw"))
	talk(t, b, name, open())
	talk(t, b, name, "<iq type='set' id='b1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
	out := talk(t, b, name, "<presence xmlns='jabber:client'/>")
	got := 0
	for _, o := range out {
		if strings.Contains(o.Data, "<body>m") {
			got++
		}
	}
	if got != 3 {
		t.Errorf("%d offline messages reached the socket, want 3: %+v", got, out)
	}
	if n, _ := store.Offline("localhost", "juliet"); len(n) != 0 {
		t.Errorf("%d offline messages left in storage after they were handed over", len(n))
	}
	s := b.TL.Scenario()
	if _, err := engine.Replay(s.Config, s.Inputs); err != nil {
		t.Errorf("the run does not replay: %v", err)
	}
}

// TestHangupAll closes every socket, handing back the ends given to Dial.
func TestHangupAll(t *testing.T) {
	b, _ := newBoard(t)
	for _, ends := range []string{"first", "second"} {
		if _, err := b.Dial("converse", ends); err != nil {
			t.Fatal(err)
		}
	}
	outs, err := b.HangupAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, o := range outs {
		if !o.Close {
			t.Errorf("%+v is not a close", o)
		}
		got[o.Socket] = o.Ends
	}
	if want := map[string]any{"converse": "first", "converse-2": "second"}; !maps.Equal(got, want) {
		t.Errorf("closed %v, want %v", got, want)
	}
	if b.Live() {
		t.Error("still live with every socket hung up")
	}
}
