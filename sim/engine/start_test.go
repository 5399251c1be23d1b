package engine_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// rawExt drives an external connection with raw bytes, stepping the
// engine after each send, and keeps what the server wrote to it.
type rawExt struct {
	t    *testing.T
	e    *engine.Engine
	name string
	conn string
	got  strings.Builder
}

func dialExternal(t *testing.T, e *engine.Engine, name string) *rawExt {
	t.Helper()
	x := &rawExt{t: t, e: e, name: name}
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.Conn == x.conn && ev.What == "data" {
			x.got.WriteString(ev.Raw)
		}
	})
	id, err := e.Dial(name)
	if err != nil {
		t.Fatal(err)
	}
	x.conn = id
	e.Run(0)
	return x
}

func (x *rawExt) send(raw string) {
	x.t.Helper()
	if err := x.e.Recv(x.name, []byte(raw)); err != nil {
		x.t.Fatal(err)
	}
	x.e.Run(0)
}

// login opens a stream, authenticates with PLAIN and binds a resource.
func (x *rawExt) login(user, password, resource string) {
	const open = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	x.send(open)
	x.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
		base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+password)) + "</auth>")
	x.send(open)
	x.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>")
}

// offlineRun: alice sends bob, who is offline, a message an hour after
// the clock started; bob then logs in and receives it with its delay
// stamp. It returns what bob received.
func offlineRun(t *testing.T, cfg engine.Config) (string, *engine.Engine) {
	t.Helper()
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"alice", "bob"} {
		if err := e.AddAccount(u, "secret"); err != nil {
			t.Fatal(err)
		}
	}
	alice := dialExternal(t, e, "a")
	alice.login("alice", "secret", "laptop")
	e.Advance(time.Hour)
	alice.send("<message to='bob@localhost' type='chat' id='m1'><body>hi</body></message>")
	bob := dialExternal(t, e, "b")
	bob.login("bob", "secret", "phone")
	bob.send("<presence/>")
	return bob.got.String(), e
}

// TestConfigStart: the virtual clock starts at Config.Start (the epoch
// when unset), an offline message's delay stamp (XEP-0203, mod_offline)
// reads from it, the start is saved with the run and a replay of the run
// gives the same stamp.
func TestConfigStart(t *testing.T) {
	day := time.Date(2031, time.March, 14, 15, 9, 26, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		start time.Time
		stamp string
	}{
		{"the epoch by default", time.Time{}, "stamp='2026-01-01T01:00:00Z'"},
		{"a start of its own", day, "stamp='2031-03-14T16:09:26Z'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := engine.DefaultConfig()
			cfg.Server.DefaultIterationCount = 4096
			cfg.Start = tc.start
			got, e := offlineRun(t, cfg)
			want := "<delay xmlns='urn:xmpp:delay' from='localhost' " + tc.stamp + "/>"
			if !strings.Contains(got, want) {
				t.Fatalf("bob received\n%s\nwant a message with %s", got, want)
			}
			if wantStart := tc.start; !wantStart.IsZero() && !e.Start().Equal(wantStart) || wantStart.IsZero() && !e.Start().Equal(clock.Epoch) {
				t.Errorf("Start() = %v", e.Start())
			}
			b, err := json.Marshal(engine.Scenario{Config: e.Config(), Inputs: e.Inputs()})
			if err != nil {
				t.Fatal(err)
			}
			if has := strings.Contains(string(b), `"start":`); has != !tc.start.IsZero() {
				t.Errorf("saved run %s: a start recorded %v, want %v", b[:min(len(b), 200)], has, !tc.start.IsZero())
			}
			var s engine.Scenario
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			var again strings.Builder
			if _, err := engine.Replay(s.Config, s.Inputs, func(ev engine.Event) {
				if ev.Kind == engine.Wire && ev.Dir == engine.Out {
					again.WriteString(ev.Raw)
				}
			}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(again.String(), want) {
				t.Errorf("the replay lost the stamp %s", want)
			}
		})
	}
}

// TestUnrecorded: an unrecorded engine keeps no input log, yet counts
// what it applied and runs the same.
func TestUnrecorded(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Unrecorded = true
	got, e := offlineRun(t, cfg)
	if !strings.Contains(got, "<body>hi</body>") {
		t.Fatalf("bob received no message:\n%s", got)
	}
	if n := len(e.Inputs()); n != 0 {
		t.Errorf("%d inputs kept, want none", n)
	}
	if e.Applied() == 0 {
		t.Error("Applied() = 0")
	}
	b, err := json.Marshal(e.Config())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "nrecorded") {
		t.Errorf("the saved configuration carries the option: %s", b)
	}
}
