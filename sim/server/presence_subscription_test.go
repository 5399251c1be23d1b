package server_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// Subscription state-machine tests, for mod_presence's subscription
// handlers and the rostermanager state functions they call: users a and b
// start from stored rosters, both online, interested and available; one of
// them acts, and the test lists exactly what each receives and the state
// both rosters are saved in. An item state is "" (no item), a
// subscription, "+ask" for ask=subscribe, "+approved" for a pre-approval
// and "+pending" for a pending inbound request from the other user.
type smRow struct {
	name       string
	a, b       string // a's item for b, b's item for a, before
	actor, act string // "a" or "b"; an action (the other user is the target)
	wantA      []string
	wantB      []string
	endA, endB string
}

const (
	presA     = `<presence xml:lang='en' from='a@localhost/ra' to='b@localhost'><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2026-01-01T00:00:00Z'/></presence>`
	presB     = `<presence xml:lang='en' from='b@localhost/rb' to='a@localhost'><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2026-01-01T00:00:00Z'/></presence>`
	ackFromB  = `<presence type='unavailable' from='b@localhost' to='a@localhost'/>`
	unavailA  = `<presence type='unavailable' from='a@localhost/ra' to='b@localhost'/>`
	unavailB  = `<presence type='unavailable' from='b@localhost/rb' to='a@localhost'/>`
	resultA   = `<iq type='result' id='roster3' to='a@localhost/ra'/>`
	fwdToB    = `<presence to='b@localhost' type='%s' xml:lang='en' from='a@localhost'/>`
	fwdToA    = `<presence to='a@localhost' type='%s' xml:lang='en' from='b@localhost'/>`
	fromAFull = `<presence type='%s' from='a@localhost' to='b@localhost'/>`
)

func push(contact, sub, ask string, ver int) string {
	if ask != "" {
		ask = " ask='" + ask + "'"
	}
	return fmt.Sprintf(`<iq type='set' id='{any}'><query xmlns='jabber:iq:roster' ver='%d'><item jid='%s@localhost' subscription='%s'%s/></query></iq>`, ver, contact, sub, ask)
}

var smRows = []smRow{
	// a subscribes to b
	{"subscribe/new", "", "", "a", "subscribe",
		[]string{push("b", "none", "subscribe", 6), ackFromB},
		[]string{fmt.Sprintf(fwdToB, "subscribe")}, "none+ask", "+pending"},
	{"subscribe/already-asked", "none+ask", "+pending", "a", "subscribe",
		[]string{push("b", "none", "subscribe", 5), ackFromB}, nil, "none+ask", "+pending"},
	{"subscribe/already-subscribed", "to", "from", "a", "subscribe",
		[]string{push("b", "to", "", 5), presB, presB}, nil, "to", "from"},
	{"subscribe/from-to-both-request", "from", "to", "a", "subscribe",
		[]string{push("b", "from", "subscribe", 6), ackFromB},
		[]string{fmt.Sprintf(fwdToB, "subscribe")}, "from+ask", "to+pending"},
	{"subscribe/preapproved", "", "none+approved", "a", "subscribe",
		[]string{push("b", "none", "subscribe", 6), `<presence type='subscribed' from='b@localhost' to='a@localhost'/>`, push("b", "to", "", 7), presB},
		[]string{push("a", "from", "", 7)}, "to", "from"},
	// b answers
	{"subscribed/approve", "none+ask", "+pending", "b", "subscribed",
		[]string{fmt.Sprintf(fwdToA, "subscribed"), push("b", "to", "", 6), presB},
		[]string{push("a", "from", "", 6)}, "to", "from"},
	{"subscribed/approve-mutual", "from+ask", "to+pending", "b", "subscribed",
		[]string{fmt.Sprintf(fwdToA, "subscribed"), push("b", "both", "", 6), presB},
		[]string{push("a", "both", "", 6), presA}, "both", "both"},
	{"subscribed/preapprove", "", "", "b", "subscribed",
		nil, []string{push("a", "none", "", 6)}, "", "none+approved"},
	{"subscribed/already-from", "to", "from", "b", "subscribed",
		[]string{presB}, nil, "to", "from"},
	{"subscribed/already-both", "both", "both", "b", "subscribed",
		[]string{presB}, []string{presA}, "both", "both"},
	// a unsubscribes from b
	{"unsubscribe/to", "to", "from", "a", "unsubscribe",
		[]string{push("b", "none", "", 6)},
		[]string{fmt.Sprintf(fwdToB, "unsubscribe"), push("a", "none", "", 6)}, "none", "none"},
	{"unsubscribe/both", "both", "both", "a", "unsubscribe",
		[]string{push("b", "from", "", 6)},
		[]string{fmt.Sprintf(fwdToB, "unsubscribe"), push("a", "to", "", 6)}, "from", "to"},
	{"unsubscribe/no-item", "", "", "a", "unsubscribe", nil, nil, "", ""},
	{"unsubscribe/cancel-request", "none+ask", "+pending", "a", "unsubscribe",
		[]string{push("b", "none", "", 6)},
		[]string{fmt.Sprintf(fwdToB, "unsubscribe"), `<iq type='set' id='{any}'><query xmlns='jabber:iq:roster' ver='6'><item jid='a@localhost' subscription='remove'/></query></iq>`}, "none", ""},
	{"unsubscribe/from-unchanged", "from", "to", "a", "unsubscribe",
		[]string{push("b", "from", "", 5)}, nil, "from", "to"},
	// b cancels a's subscription or denies a's request
	{"unsubscribed/cancel", "to", "from", "b", "unsubscribed",
		[]string{fmt.Sprintf(fwdToA, "unsubscribed"), push("b", "none", "", 6), unavailB},
		[]string{push("a", "none", "", 6)}, "none", "none"},
	{"unsubscribed/cancel-both", "both", "both", "b", "unsubscribed",
		[]string{fmt.Sprintf(fwdToA, "unsubscribed"), push("b", "from", "", 6), unavailB},
		[]string{push("a", "to", "", 6)}, "from", "to"},
	{"unsubscribed/deny", "none+ask", "+pending", "b", "unsubscribed",
		[]string{fmt.Sprintf(fwdToA, "unsubscribed"), push("b", "none", "", 6)}, nil, "none", ""},
	{"unsubscribed/nothing", "", "", "b", "unsubscribed", nil, nil, "", ""},
	// a removes b from the roster
	{"remove/to", "to", "from", "a", "roster-remove",
		[]string{resultA, push("b", "remove", "", 6)},
		[]string{unavailA, fmt.Sprintf(fromAFull, "unsubscribe"), push("a", "none", "", 6)}, "", "none"},
	{"remove/both", "both", "both", "a", "roster-remove",
		[]string{resultA, push("b", "remove", "", 6)},
		[]string{fmt.Sprintf(fromAFull, "unsubscribed"), push("a", "from", "", 6), unavailA, fmt.Sprintf(fromAFull, "unsubscribe"), push("a", "none", "", 7)}, "", "none"},
	{"remove/pending-in-kept", "none+pending", "none+ask", "a", "roster-remove",
		[]string{resultA, push("b", "remove", "", 6)},
		[]string{fmt.Sprintf(fromAFull, "unsubscribed"), push("a", "none", "", 6)}, "+pending", "none"},
	{"remove/ask", "none+ask", "+pending", "a", "roster-remove",
		[]string{resultA, push("b", "remove", "", 6)},
		[]string{unavailA, fmt.Sprintf(fromAFull, "unsubscribe"), `<iq type='set' id='{any}'><query xmlns='jabber:iq:roster' ver='6'><item jid='a@localhost' subscription='remove'/></query></iq>`}, "", ""},
}

func TestSubscriptionStateMachine(t *testing.T) {
	for _, row := range smRows {
		t.Run(row.name, func(t *testing.T) {
			h := newIMHarness(t, engine.DefaultConfig())
			e := h.engine()
			for _, u := range []string{"a", "b"} {
				h.must(e.AddAccount(u, "secret"))
			}
			h.must(e.Server().Store().PutRoster("localhost", "a", seedRoster("b", row.a)))
			h.must(e.Server().Store().PutRoster("localhost", "b", seedRoster("a", row.b)))
			h.login("A", "a", "ra")
			h.login("B", "b", "rb")
			for _, c := range []string{"A", "B"} {
				h.must(e.ActWith(c, "roster-get", nil))
				e.Run(0)
				h.must(e.ActWith(c, "presence", nil))
				e.Run(0)
			}
			h.inbox = map[string][]string{}
			target := map[string]string{"a": "b@localhost", "b": "a@localhost"}[row.actor]
			h.must(e.ActWith(strings.ToUpper(row.actor), row.act, map[string]string{"to": target, "jid": target}))
			e.Run(0)
			checkInbox(t, "a", h.inbox["A"], row.wantA)
			checkInbox(t, "b", h.inbox["B"], row.wantB)
			checkState(t, h, "a", "b", row.endA)
			checkState(t, h, "b", "a", row.endB)
		})
	}
}

// seedRoster is a stored roster at version 5 holding state for contact.
func seedRoster(contact, state string) *session.Roster {
	r := &session.Roster{Version: 5, Items: []session.Item{}}
	jid := contact + "@localhost"
	parts := strings.Split(state, "+")
	if parts[0] != "" {
		r.Items = append(r.Items, session.Item{JID: jid, Subscription: parts[0]})
	}
	for _, flag := range parts[1:] {
		switch flag {
		case "ask":
			r.Items[0].Ask = "subscribe"
		case "approved":
			r.Items[0].Approved = true
		case "pending":
			r.Pending = append(r.Pending, session.Pending{JID: jid, Stanza: `<presence type='subscribe' from='` + jid + `'/>`})
		}
	}
	return r
}

// stateOf renders a roster's state for contact in seedRoster's notation.
func stateOf(r *session.Roster, contact string) string {
	jid := contact + "@localhost"
	s := ""
	if it := r.Item(jid); it != nil {
		s = it.Subscription
		if it.Ask != "" {
			s += "+ask"
		}
		if it.Approved {
			s += "+approved"
		}
	}
	if r.PendingFrom(jid) != nil {
		s += "+pending"
	}
	return s
}

func checkState(t *testing.T, h *imHarness, user, contact, want string) {
	t.Helper()
	stored, _, err := h.eng.Server().Store().Roster("localhost", user)
	if err != nil {
		t.Fatal(err)
	}
	if got := stateOf(stored, contact); got != want {
		t.Errorf("%s's stored item for %s = %q, want %q", user, contact, got, want)
	}
	snap := h.snapshot(strings.ToUpper(user))
	live := &session.Roster{Items: snap.Roster.Items}
	for _, p := range snap.Roster.Pending {
		live.Pending = append(live.Pending, session.Pending{JID: p})
	}
	if got := stateOf(live, contact); got != want {
		t.Errorf("%s's session shows %s as %q, want %q", user, contact, got, want)
	}
}

func checkInbox(t *testing.T, who string, got, want []string) {
	t.Helper()
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		g, w := "(nothing)", "(nothing)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		pattern := "^" + strings.ReplaceAll(regexp.QuoteMeta(w), `\{any\}`, `[^']*`) + "$"
		if !regexp.MustCompile(pattern).MatchString(g) {
			t.Errorf("%s stanza %d:\ngot  %s\nwant %s", who, i+1, g, w)
		}
	}
}
