package view

import (
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/session"
)

// Model is the observer behind every view: it is told every engine event
// and remembers what a View shows of the run so far. Only the goroutine
// that drives the engine may use it.
type Model struct {
	gen      int
	sessions map[string]session.Snapshot
	order    []string // session ids, oldest first, until dismissed
	changed  map[string]map[string]Change
	trans    map[string]string
	state    map[string]string
	clientOf map[string]string // open connection id -> client name
	client   map[string]string // session id -> client name
	live     int               // sessions in order that are not destroyed
	log      []Entry
	cause    *Entry // what the server is acting on in this step
	marks    Marks
	inv      *invariant.Tracker
	applying func() int
	maxLog   int
	hold     bool // keep the changes of every step, not only the last one
	// The accounts as last read, and the gen they were read at.
	accCache []Account
	accGen   int
	hist     history // for going back without observing a replay (rewind.go)
}

// Marks counts the points of interest a playback can pause on, since the
// run was last rebuilt: sessions that changed lifecycle state (or were
// created) and sessions that ended, with the last of them described.
type Marks struct {
	State int    // a session changed lifecycle state
	End   int    // a session was destroyed
	What  string // the last change, e.g. "alice's session c2s1 is now bound"
}

// New returns an empty model.
func New() *Model {
	m := &Model{}
	m.Reset()
	return m
}

// Attach makes m the observer of a timeline: it forgets the run whenever
// the timeline rebuilds its engine, and ties each log entry to the input
// being applied. It is the timeline's rewinder too, so that going back
// replays the run without observers when m remembers enough.
func (m *Model) Attach(tl *engine.Timeline) {
	tl.OnReset(m.Reset)
	tl.Subscribe(m.Observe)
	tl.SetRewinder(m)
	m.applying = tl.Applying
	step, _ := tl.Position()
	m.forgetHistory(step)
}

// SetLogLimit bounds the log to its newest n entries (0: no bound), for
// long-running hosts such as the listener: when it is full, the older half
// goes.
func (m *Model) SetLogLimit(n int) {
	m.maxLog = n
	m.forgetHistory(-1) // a cut log is no longer a prefix of the log
}

// Hold forgets the changes shown so far and then keeps the changes of
// every step, until Release, instead of only the last step's: a lesson's
// stop shows everything that changed since the stop before it.
func (m *Model) Hold() {
	m.changed = make(map[string]map[string]Change)
	m.hold = true
	m.forgetHistory(-1) // a replay would not hold them: go back the slow way
}

// Release goes back to showing the last step's changes from the next step.
func (m *Model) Release() { m.hold = false }

// Forget drops a session from the model, as dismissing it does: for
// long-running hosts such as the listener, which keep only the newest
// ended sessions.
func (m *Model) Forget(id string) {
	m.dismiss(id)
	m.forgetHistory(-1) // no input did it
}

// Reset forgets the run, as when it is rebuilt from its seed.
func (m *Model) Reset() {
	m.gen++
	m.sessions = make(map[string]session.Snapshot)
	m.order = nil
	m.changed = make(map[string]map[string]Change)
	m.trans = make(map[string]string)
	m.state = make(map[string]string)
	m.clientOf = make(map[string]string)
	m.client = make(map[string]string)
	m.live = 0
	m.log = nil
	m.cause = nil
	m.marks = Marks{}
	m.inv = invariant.NewTracker()
	m.forgetHistory(0)
}

// Gen changes whenever the model is reset.
func (m *Model) Gen() int { return m.gen }

// Marks returns the points of interest counted so far.
func (m *Model) Marks() Marks { return m.marks }

// Log returns the log so far; it only grows until the next Reset or
// Rewind, both of which change Gen.
func (m *Model) Log() []Entry { return m.log }

// Order returns the ids of the sessions shown, oldest first.
func (m *Model) Order() []string { return m.order }

// Observe takes one engine event; pass it to Subscribe.
func (m *Model) Observe(ev engine.Event) {
	if m.journaling() {
		m.enter()
	}
	switch ev.Kind {
	case engine.StepBegin:
		if !m.hold {
			m.push(undo{op: undoStep, changed: m.changed})
			m.changed = make(map[string]map[string]Change)
		}
		m.cause = nil
	case engine.SessionCreated, engine.SessionChanged, engine.SessionDestroyed:
		m.session(ev)
	case engine.Wire:
		m.wire(ev)
	case engine.TimerFired:
		m.add(Entry{Step: ev.Step, Dir: DirTimer, What: "timer", Raw: ev.What})
		m.cause = &m.log[len(m.log)-1]
	case engine.InputApplied:
		m.cause = nil // what follows an input has no stanza behind it
		if ev.What == string(engine.OpDismiss) {
			m.dismiss(ev.SessionID)
		}
	}
}

func (m *Model) wire(ev engine.Event) {
	was, had := m.clientOf[ev.Conn]
	switch {
	case ev.What == "close":
		delete(m.clientOf, ev.Conn) // the connection is done with
	case ev.Client != "":
		m.clientOf[ev.Conn] = ev.Client
	}
	if now, has := m.clientOf[ev.Conn]; has != had || now != was {
		m.push(undo{op: undoConn, id: ev.Conn, client: was, had: had})
	}
	m.add(Entry{Step: ev.Step, Conn: ev.Conn, Client: ev.Client, Dir: ev.Dir, What: ev.What, Raw: ev.Raw})
	if ev.Dir == engine.In {
		m.cause = &m.log[len(m.log)-1]
	}
}

func (m *Model) add(e Entry) {
	if m.applying != nil {
		e.Input = m.applying()
	}
	if m.maxLog > 0 && len(m.log) >= m.maxLog {
		m.log = append(m.log[:0:0], m.log[len(m.log)-m.maxLog/2:]...)
	}
	m.log = append(m.log, e)
}

func (m *Model) session(ev engine.Event) {
	if m.journaling() {
		m.journalSession(ev)
	}
	if ev.Session != nil {
		m.inv.Update(ev.Session)
	}
	if ev.Snapshot == nil {
		return
	}
	s := *ev.Snapshot
	old, seen := m.sessions[s.ID]
	if !seen {
		m.order = append(m.order, s.ID)
		m.client[s.ID] = m.clientOf[s.ConnID]
	}
	m.live += alive(s) - alive(old)
	m.sessions[s.ID] = s
	m.noteChanges(s, ev.Changes)
	if prev := m.state[s.ID]; prev != s.State {
		m.trans[s.ID] = Transition(prev, s)
		m.state[s.ID] = s.State
		m.marks.State++
		m.marks.What = m.name(s) + " is now " + s.State
		if s.State == session.StateDestroyed {
			m.marks.End++
		}
	}
}

// noteChanges remembers what the step changed in s, with the rule that
// changed each field.
func (m *Model) noteChanges(s session.Snapshot, changes []session.Change) {
	if len(changes) == 0 {
		return
	}
	// A new map each time, so that the one shown before can be put back
	// (rewind.go).
	c := make(map[string]Change, len(m.changed[s.ID])+len(changes))
	for k, v := range m.changed[s.ID] {
		c[k] = v
	}
	m.changed[s.ID] = c
	for _, ch := range changes {
		if ch.Old == ch.New {
			continue
		}
		old := ch.Old
		if prev, ok := c[ch.Field]; ok {
			old = prev.Old // changed twice: from the first old value
		}
		if old == ch.New {
			delete(c, ch.Field) // changed and changed back
			continue
		}
		c[ch.Field] = Change{Old: old, New: ch.New, Rule: Rule(ch.Field, old, ch.New, s, m.cause)}
	}
}

// name is how a pause message names a session: after its client when
// the model knows it.
func (m *Model) name(s session.Snapshot) string {
	if c := m.client[s.ID]; c != "" {
		return c + "'s session " + s.ID
	}
	return "session " + s.ID
}

// alive is 1 for a session that is not destroyed, 0 for one that is or
// for none.
func alive(s session.Snapshot) int {
	if s.ID == "" || s.State == session.StateDestroyed {
		return 0
	}
	return 1
}

func (m *Model) dismiss(id string) {
	if m.journaling() {
		m.journalDismiss(id)
	}
	m.inv.Forget(id)
	s, ok := m.sessions[id]
	if !ok {
		return
	}
	m.live -= alive(s)
	delete(m.sessions, id)
	delete(m.changed, id)
	delete(m.client, id)
	delete(m.trans, id)
	delete(m.state, id)
	for i, o := range m.order {
		if o == id {
			m.order = append(m.order[:i:i], m.order[i+1:]...)
			break
		}
	}
}

// Session returns what the model shows of session id.
func (m *Model) Session(id string) (Session, bool) {
	s, ok := m.sessions[id]
	if !ok {
		return Session{}, false
	}
	return Session{Snapshot: s, Client: m.client[id], Transition: m.trans[id],
		Changed: copyChanges(m.changed[id]), Why: Why(s)}, true
}

func copyChanges(c map[string]Change) map[string]Change {
	if len(c) == 0 {
		return nil
	}
	out := make(map[string]Change, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}

// PauseReason says whether a playback pausing on what ("state", "end",
// "stanza" or "error") stops after a step that began with the marks
// before and a log of logLen entries, and what happened.
func (m *Model) PauseReason(what string, before Marks, logLen int) (string, bool) {
	switch what {
	case "state", "end":
		if (what == "state" && m.marks.State > before.State) || (what == "end" && m.marks.End > before.End) {
			return m.marks.What, true
		}
	case "stanza", "error":
		if e, ok := PauseMark(m.log, logLen, what); ok {
			if what == "error" {
				return "an error reached " + e.Client, true
			}
			return "data reached " + e.Client, true
		}
	}
	return "", false
}

// journalDismiss records what dismissing session id changes, and keeps
// what the model was told of it for Told.
func (m *Model) journalDismiss(id string) {
	b := m.before(id)
	b.at = -1
	for i, o := range m.order {
		if o == id {
			b.at = i
			break
		}
	}
	b.gone, b.wasGone = m.hist.gone[id]
	m.push(undo{op: undoDismiss, id: id, changed: m.changed, sess: b})
	if !b.had {
		return
	}
	if m.hist.gone == nil {
		m.hist.gone = make(map[string]session.Snapshot)
	}
	m.hist.gone[id] = b.snap
}
