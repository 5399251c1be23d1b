package invariant_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/session"
)

func intp(n int) *int { return &n }

// boundSession is a session that keeps every rule: bound, interested and
// available.
func boundSession(id, resource string) *session.Session {
	return &session.Session{ID: id, Type: session.TypeBound, Username: "romeo", Host: "localhost",
		Resource: resource, FullJID: "romeo@localhost/" + resource, Roster: &session.Roster{},
		Interested: true, Presence: etree.NewElement("presence"), Priority: intp(0)}
}

func TestCheck(t *testing.T) {
	for name, tc := range map[string]struct {
		sessions []*session.Session
		broken   []string // names of the invariants that must fail
	}{
		"every state keeps them": {[]*session.Session{
			{ID: "a", Type: session.TypeUnauthed, NotOpen: true},
			{ID: "b", Type: session.TypeUnbound, Username: "romeo", Host: "localhost"},
			boundSession("c", "laptop"),
			{ID: "d", Type: session.TypeDestroyed, Destroyed: true, Error: "conflict", ConnID: "conn4"},
		}, nil},
		"username while unauthenticated": {[]*session.Session{
			{ID: "a", Type: session.TypeUnauthed, Username: "romeo"},
		}, []string{"no username before auth"}},
		"resource before bind": {[]*session.Session{
			{ID: "a", Type: session.TypeUnbound, Username: "romeo", Host: "localhost", Resource: "r"},
		}, []string{"bound ⇔ resource and full JID"}},
		"full JID that does not match": {[]*session.Session{
			func() *session.Session { s := boundSession("a", "r"); s.FullJID = "romeo@localhost/x"; return s }(),
		}, []string{"bound ⇔ resource and full JID"}},
		"full JID with its separators swapped": {[]*session.Session{
			func() *session.Session { s := boundSession("a", "r"); s.FullJID = "romeo/localhost@r"; return s }(),
		}, []string{"bound ⇔ resource and full JID"}},
		"full JID of another host": {[]*session.Session{
			func() *session.Session { s := boundSession("a", "r"); s.FullJID = "romeo@localhosx/r"; return s }(),
		}, []string{"bound ⇔ resource and full JID"}},
		"bound without a roster": {[]*session.Session{
			func() *session.Session { s := boundSession("a", "r"); s.Roster = nil; return s }(),
		}, []string{"bound ⇔ resource and full JID"}},
		"priority without presence": {[]*session.Session{
			func() *session.Session { s := boundSession("a", "r"); s.Presence = nil; return s }(),
		}, []string{"priority ⇔ presence"}},
		"interested while unbound": {[]*session.Session{
			{ID: "a", Type: session.TypeUnbound, Username: "romeo", Interested: true},
		}, []string{"interested and available are bound"}},
		"destroyed with a username": {[]*session.Session{
			{ID: "a", Type: session.TypeDestroyed, Destroyed: true, Username: "romeo"},
		}, []string{"destroyed keeps only its id"}},
		"destroyed flag without the type": {[]*session.Session{
			{ID: "a", Type: session.TypeUnauthed, Destroyed: true},
		}, []string{"destroyed keeps only its id"}},
		"two sessions on one full JID": {[]*session.Session{
			boundSession("a", "r"), boundSession("b", "r"), boundSession("c", "other"),
		}, []string{"one session per full JID"}},
	} {
		t.Run(name, func(t *testing.T) {
			results := invariant.Check(tc.sessions)
			if len(results) != len(invariant.All)+1 {
				t.Fatalf("%d results, want %d", len(results), len(invariant.All)+1)
			}
			var got []string
			for _, r := range invariant.Broken(results) {
				got = append(got, r.Name)
				if len(r.Broken) == 0 {
					t.Errorf("%s: no session named", r.Name)
				}
			}
			if !slices.Equal(got, tc.broken) {
				t.Errorf("broken %q, want %q", got, tc.broken)
			}
		})
	}
}

func TestBrokenIsBounded(t *testing.T) {
	var ss []*session.Session
	for range 20 {
		ss = append(ss, &session.Session{ID: "x", Type: session.TypeUnauthed, Username: "u"})
	}
	r := invariant.Broken(invariant.Check(ss))
	if len(r) != 1 || len(r[0].Broken) != invariant.MaxBroken {
		t.Errorf("got %+v", r)
	}
}

// BenchmarkCheck checks 10,000 bound sessions, as the page does after a
// step with that many.
func BenchmarkCheck(b *testing.B) {
	ss := make([]*session.Session, 10000)
	for i := range ss {
		ss[i] = boundSession("c2s"+strconv.Itoa(i), "r"+strconv.Itoa(i))
	}
	for b.Loop() {
		if len(invariant.Broken(invariant.Check(ss))) != 0 {
			b.Fatal("broken")
		}
	}
}
