package scenario

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

// login drives a client's lifecycle actions until it is bound.
func login(t testing.TB, e *engine.Engine, name string) {
	t.Helper()
	c := e.Client(name)
	for i := 0; i < 10 && c.State() != client.Bound; i++ {
		if err := e.Act(name, c.Next()); err != nil {
			t.Fatalf("login %s: %v", name, err)
		}
		e.Run(0)
	}
	if c.State() != client.Bound {
		t.Fatalf("login %s: stuck in %s", name, c.State())
	}
}

func send(t testing.TB, e *engine.Engine, name, raw string) {
	t.Helper()
	if err := e.Send(name, raw); err != nil {
		t.Fatalf("send %s: %v", name, err)
	}
	e.Run(0)
}

// recordSession records an exploration: two users subscribe, chat,
// fetch the roster and leave.
func recordSession(t testing.TB) []byte {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(e)
	for _, spec := range []client.Spec{{Name: "Romeo", User: "romeo", Password: "pw"}, {Name: "Juliet", User: "juliet", Password: "pw", Resource: "balcony"}} {
		if _, err := e.AddClient(spec); err != nil {
			t.Fatal(err)
		}
	}
	login(t, e, "Romeo")
	login(t, e, "Juliet")
	send(t, e, "Juliet", "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>")
	// A stanza sent through a client action is recorded like a raw one.
	if err := e.Act("Romeo", client.ActPresence); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	send(t, e, "Juliet", "<presence><priority>3</priority></presence>")
	send(t, e, "Romeo", "<presence to='juliet@localhost' type='subscribe'/>")
	send(t, e, "Juliet", "<presence to='romeo@localhost' type='subscribed'/>")
	send(t, e, "Romeo", "<message to='juliet@localhost' type='chat'><body>It is the east &amp; Juliet is the sun</body></message>")
	if err := e.Act("Romeo", client.ActClose); err != nil {
		t.Fatal(err)
	}
	e.Run(0)
	return scansion.Format(rec.Script("A recorded exploration"))
}

func TestRecordingReplays(t *testing.T) {
	text := recordSession(t)
	for _, want := range []string{
		"Romeo connects", "Romeo sends:\n\t<presence", "Juliet receives:", "${Romeo's full JID}", "${Juliet's JID}",
		`id="{scansion:any}"`, `stamp="{scansion:any}"`, "Romeo disconnects",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("recording lacks %q:\n%s", want, text)
		}
	}
	// Another seed gives Romeo another generated resource: the recording
	// must refer to it through variables to pass.
	p, err := Load("recorded.scs", text, Options{Seed: 42})
	if err != nil {
		t.Fatalf("recording does not parse: %v\n%s", err, text)
	}
	if _, f := p.Run(); f != nil {
		t.Fatalf("replaying the recording failed:\n%v\n%s", f, text)
	}
}

func TestRecordingDetectsChange(t *testing.T) {
	text := strings.Replace(string(recordSession(t)), "Juliet is the sun</body>", "Juliet is the moon</body>", 1)
	p, err := Load("tampered.scs", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, f := p.Run()
	if f == nil || !strings.Contains(f.Reason, "moon") {
		t.Fatalf("a tampered recording must fail on the message body, got %v", f)
	}
}

func BenchmarkLessons(b *testing.B) {
	lessons := Lessons()
	for i := 0; i < b.N; i++ {
		for _, l := range lessons {
			p, err := l.Player(Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, f := p.Run(); f != nil {
				b.Fatal(f)
			}
		}
	}
}

func BenchmarkRecordAndReplay(b *testing.B) {
	for i := 0; i < b.N; i++ {
		p, err := Load("recorded.scs", recordSession(b), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, f := p.Run(); f != nil {
			b.Fatal(f)
		}
	}
}
