package invariant_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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

func TestTracker(t *testing.T) {
	tr := invariant.NewTracker()
	a, b := boundSession("a", "r"), boundSession("b", "r")
	names := func() []string {
		var out []string
		for _, r := range invariant.Broken(tr.Results()) {
			out = append(out, r.Name+" "+strings.Join(r.Broken, ","))
		}
		return out
	}
	for _, step := range []struct {
		name string
		do   func()
		want []string
	}{
		{"one bound session", func() { tr.Update(a) }, nil},
		{"a second on the same full JID", func() { tr.Update(b) }, []string{"one session per full JID a,b"}},
		{"the first destroyed", func() {
			*a = session.Session{ID: "a", Type: session.TypeDestroyed, Destroyed: true}
			tr.Update(a)
		}, nil},
		{"a priority without presence", func() { b.Presence = nil; tr.Update(b) }, []string{"priority ⇔ presence b"}},
		{"mended", func() { b.Priority = nil; tr.Update(b) }, nil},
		{"a username while unauthenticated, then dismissed", func() {
			tr.Update(&session.Session{ID: "c", Type: session.TypeUnauthed, Username: "x"})
			tr.Forget("c")
		}, nil},
		{"dismissing a bound session frees its full JID", func() {
			tr.Update(boundSession("d", "r2"))
			tr.Forget("d")
			tr.Update(boundSession("e", "r2"))
		}, nil},
	} {
		step.do()
		if got := names(); !slices.Equal(got, step.want) {
			t.Fatalf("%s: broken %q, want %q", step.name, got, step.want)
		}
	}
}

// BenchmarkTrackerStep updates the few sessions a step touches among
// 10,000 and reads the verdicts, as the page does after each step.
func BenchmarkTrackerStep(b *testing.B) {
	tr := invariant.NewTracker()
	ss := make([]*session.Session, 10000)
	for i := range ss {
		ss[i] = boundSession("c2s"+strconv.Itoa(i), "r"+strconv.Itoa(i))
		tr.Update(ss[i])
	}
	i := 0
	for b.Loop() {
		tr.Update(ss[i%len(ss)])
		tr.Update(ss[(i+1)%len(ss)])
		if len(invariant.Broken(tr.Results())) != 0 {
			b.Fatal("broken")
		}
		i++
	}
}

// TestTrackerRestore: restoring what a tracker held of each session
// before a change gives the verdicts it gave before the change.
func TestTrackerRestore(t *testing.T) {
	if len(invariant.All) > 64 {
		t.Fatalf("%d invariants do not fit Held's bits", len(invariant.All))
	}
	tr := invariant.NewTracker()
	a, b := boundSession("a", "r"), boundSession("b", "r2")
	tr.Update(a)
	tr.Update(b)
	want := fmt.Sprint(invariant.Broken(tr.Results()))
	heldA, heldB, heldC := tr.Held("a"), tr.Held("b"), tr.Held("c")
	b.FullJID, b.Priority = a.FullJID, nil // a duplicate full JID, a priority without presence
	b.Presence = nil
	tr.Update(b)
	tr.Update(&session.Session{ID: "c", Type: session.TypeUnauthed, Username: "x"})
	if fmt.Sprint(invariant.Broken(tr.Results())) == want {
		t.Fatal("the changes broke nothing")
	}
	for _, r := range []struct {
		id string
		h  invariant.Held
	}{{"c", heldC}, {"b", heldB}, {"a", heldA}} {
		tr.Restore(r.id, r.h)
	}
	if got := fmt.Sprint(invariant.Broken(tr.Results())); got != want {
		t.Errorf("after Restore: %s, want %s", got, want)
	}
}
