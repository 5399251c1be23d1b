package invariant

import (
	"slices"

	"github.com/sessionscope/sessionscope/sim/session"
)

// Tracker keeps the verdicts of every invariant over a changing set of
// sessions, checking again only the sessions it is told have changed, so
// that a step among ten thousand sessions costs what the step touched.
// Its results are Check's over the sessions it was given, except that
// Broken lists ids in sorted order.
type Tracker struct {
	bad   []map[string]bool // by rule of All: the ids breaking it
	jidOf map[string]string // id -> full JID it holds (live, bound sessions)
	count map[string]int    // full JID -> live sessions holding it
	dups  int               // full JIDs held by more than one session
}

// NewTracker returns a tracker of no sessions.
func NewTracker() *Tracker {
	t := &Tracker{jidOf: make(map[string]string), count: make(map[string]int)}
	for range All {
		t.bad = append(t.bad, make(map[string]bool))
	}
	return t
}

// Update checks s again: call it for each session created or changed.
func (t *Tracker) Update(s *session.Session) {
	for i, inv := range All {
		if inv.check(s) {
			delete(t.bad[i], s.ID)
		} else {
			t.bad[i][s.ID] = true
		}
	}
	jid := s.FullJID
	if s.Destroyed {
		jid = ""
	}
	t.hold(s.ID, jid)
}

// Forget drops a session that is no longer listed (a dismissed one).
func (t *Tracker) Forget(id string) {
	for i := range All {
		delete(t.bad[i], id)
	}
	t.hold(id, "")
}

// hold records that session id holds full JID jid ("" for none).
func (t *Tracker) hold(id, jid string) {
	old := t.jidOf[id]
	if old == jid {
		return
	}
	if old != "" {
		t.count[old]--
		if t.count[old] == 1 {
			t.dups--
		}
		if t.count[old] == 0 {
			delete(t.count, old)
		}
		delete(t.jidOf, id)
	}
	if jid != "" {
		t.count[jid]++
		if t.count[jid] == 2 {
			t.dups++
		}
		t.jidOf[id] = jid
	}
}

// Results returns every invariant's verdict, in the order of Check.
func (t *Tracker) Results() []Result {
	out := make([]Result, 0, len(All)+1)
	for i, inv := range All {
		out = append(out, verdict(inv, t.bad[i]))
	}
	dup := map[string]bool{}
	if t.dups > 0 {
		for id, jid := range t.jidOf {
			if t.count[jid] > 1 {
				dup[id] = true
			}
		}
	}
	return append(out, verdict(uniqueFullJID, dup))
}

func verdict(inv Invariant, bad map[string]bool) Result {
	r := Result{Invariant: inv, Holds: len(bad) == 0}
	if r.Holds {
		return r
	}
	ids := make([]string, 0, len(bad))
	for id := range bad {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	r.Broken = ids[:min(len(ids), MaxBroken)]
	return r
}

// Held is what a Tracker holds of one session: the rules of All it was
// last seen breaking, one bit each, and the full JID it holds. A model
// that goes back in a run puts it back with Restore.
type Held struct {
	bad uint64
	jid string
}

// Held returns what t holds of session id.
func (t *Tracker) Held(id string) Held {
	var h Held
	for i := range All {
		if t.bad[i][id] {
			h.bad |= 1 << i
		}
	}
	h.jid = t.jidOf[id]
	return h
}

// Restore makes t hold h of session id again, as Held returned it; the
// zero Held forgets the session.
func (t *Tracker) Restore(id string, h Held) {
	for i := range All {
		if h.bad&(1<<i) != 0 {
			t.bad[i][id] = true
		} else {
			delete(t.bad[i], id)
		}
	}
	t.hold(id, h.jid)
}
