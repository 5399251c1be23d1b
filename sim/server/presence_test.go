package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// meshRoster is user i's roster in a ring of n users where everyone has
// the k/2 users on each side as mutual ('both') contacts.
func meshRoster(i, n, k int) *session.Roster {
	r := &session.Roster{Version: 1}
	for d := 1; d <= k/2; d++ {
		for _, j := range []int{(i + d) % n, (i - d + n) % n} {
			r.Items = append(r.Items, session.Item{JID: fmt.Sprintf("u%d@localhost", j), Subscription: "both"})
		}
	}
	return r
}

// meshEngine logs in n users, each with k mutual contacts, none available.
func meshEngine(tb testing.TB, n, k int) (*engine.Engine, *int) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	e, err := engine.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := e.Server().Store().PutRoster("localhost", fmt.Sprintf("u%d", i), meshRoster(i, n, k)); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("c%d", i)
		if _, err := e.AddClient(clientSpec(name, fmt.Sprintf("u%d", i))); err != nil {
			tb.Fatal(err)
		}
		for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
			if err := e.Act(name, a); err != nil {
				tb.Fatal(err)
			}
			e.Run(0)
		}
	}
	stanzas := new(int)
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.What == "data" {
			*stanzas++
		}
	})
	return e, stanzas
}

// TestMeshInitialPresence checks the counts the benchmark relies on on a
// small mesh: each user's initial presence is reflected, reaches every
// contact already available, and is answered for every contact (its
// presence, or unavailable from its bare JID when it is not yet online).
func TestMeshInitialPresence(t *testing.T) {
	const n, k = 10, 4
	e, stanzas := meshEngine(t, n, k)
	for i := 0; i < n; i++ {
		if err := e.ActWith(fmt.Sprintf("c%d", i), "presence", nil); err != nil {
			t.Fatal(err)
		}
		e.Run(0)
	}
	// reflection + k probe answers each, + one broadcast per contact pair
	want := n*(1+k) + n*k/2
	if *stanzas != want {
		t.Fatalf("%d stanzas delivered, want %d", *stanzas, want)
	}
	for _, s := range e.Sessions() {
		if !s.Available {
			t.Fatalf("%s is not available", s.Field("full_jid").Text)
		}
	}
}

// BenchmarkInitialPresenceMesh: 1,000 users with 50 mutual contacts each,
// all bound, all send initial presence at once; reports the total time per
// run and the stanzas delivered per second.
func BenchmarkInitialPresenceMesh(b *testing.B) {
	const n, k = 1000, 50
	total := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e, stanzas := meshEngine(b, n, k)
		b.StartTimer()
		for u := 0; u < n; u++ {
			if err := e.ActWith(fmt.Sprintf("c%d", u), "presence", nil); err != nil {
				b.Fatal(err)
			}
		}
		e.Run(0)
		total += *stanzas
	}
	b.ReportMetric(float64(total)/float64(b.N), "stanzas/op")
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "stanzas/s")
}

// FuzzIMStanzas sends arbitrary bytes from a bound, available, interested
// user with a mutual contact. Nothing may panic, the stored rosters must
// stay readable, and the contact must still be able to message a third
// user.
func FuzzIMStanzas(f *testing.F) {
	for _, seed := range []string{
		"<presence/>", "<presence type='unavailable'/>", "<presence to='b@localhost' type='subscribe'/>",
		"<presence to='b@localhost' type='unsubscribed'/>", "<presence to='a@localhost' type='subscribed'/>",
		"<presence to='b@localhost/x' type='probe'/>", "<presence to='localhost' type='subscribe'/>",
		"<presence><priority>-300</priority></presence>", "<presence to='c@localhost/r'/>",
		"<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='b@localhost' subscription='remove'/></query></iq>",
		"<iq type='set' id='2'><query xmlns='jabber:iq:roster'><item jid='x@localhost'><group/></item></query></iq>",
		"<iq type='get' id='3'><query xmlns='jabber:iq:roster' ver='0x1'/></iq>",
		"<message to='b@localhost' type='headline'><body>x</body></message>", "<message type='groupchat' to='b@localhost'/>",
		"<message to='nobody@localhost'/>", "<iq type='get' id='4' to='b@localhost/rb'><ping xmlns='urn:xmpp:ping'/></iq>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		cfg := engine.DefaultConfig()
		cfg.Server.Authentication = "insecure"
		h := newIMHarness(t, cfg)
		e := h.engine()
		h.must(e.Server().Store().PutRoster("localhost", "a", seedRoster("b", "both")))
		h.must(e.Server().Store().PutRoster("localhost", "b", seedRoster("a", "both")))
		for _, u := range []string{"a", "b", "c"} {
			h.login(strings.ToUpper(u), u, "r"+u)
			h.must(e.ActWith(strings.ToUpper(u), "roster-get", nil))
			h.must(e.ActWith(strings.ToUpper(u), "presence", nil))
			e.Run(0)
		}
		_ = e.Send("A", data)
		e.Run(0)
		for _, u := range []string{"a", "b"} {
			if _, _, err := e.Server().Store().Roster("localhost", u); err != nil {
				t.Fatalf("%s's roster is unreadable: %v", u, err)
			}
		}
		h.inbox = map[string][]string{}
		h.must(e.ActWith("B", "message", map[string]string{"to": "c@localhost/rc", "body": "still here", "id": "w"}))
		e.Run(0)
		if got := h.inbox["C"]; len(got) != 1 || got[0] != "<message to='c@localhost/rc' id='w' xml:lang='en' from='b@localhost/rb'><body>still here</body></message>" {
			t.Fatalf("the contact's message was not delivered: %q", got)
		}
	})
}
