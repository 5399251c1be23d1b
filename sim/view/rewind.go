package view

import (
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/session"
)

// rewindWindow is how many inputs' worth of changes a model keeps for
// going back without a replay being observed: at least this many, at most
// twice as many. Going back further replays the run observed. Tests
// change it.
var rewindWindow = 4096

// history is what a Model keeps to go back in the run (engine.Rewinder):
// an undo record for each change an event made to what the model shows,
// and where the records of each input begin. The log needs none: the log
// at an earlier position is a prefix of the log, the engine being
// deterministic.
type history struct {
	frames []frame
	undos  []undo
	floor  int                         // the earliest position it can go back to; -1: none
	gone   map[string]session.Snapshot // what the model was last told of the sessions dismissed
}

// frame is where the records of one input begin.
type frame struct {
	input int    // the input's index
	undo  int    // len(undos) before its first event
	cause *Entry // the model's cause before its first event
}

// undoOp says what an undo record puts back.
type undoOp uint8

const (
	undoSession undoOp = iota // a session event: the session as shown before
	undoDismiss               // a dismissal: the session dismissed
	undoConn                  // the client of a connection
	undoStep                  // a step's start: the changes shown before
)

// undo is one change to put back. Session events and dismissals carry
// what the model showed of the session before, in sess.
type undo struct {
	op      undoOp
	id      string                       // the session or connection id
	client  string                       // undoConn: the connection's client before
	had     bool                         // undoConn: the connection had a client
	changed map[string]map[string]Change // the changes shown, that the event changed
	sess    *sessionBefore
}

// sessionBefore is what the model showed of a session, and the totals a
// session event changes, before an event.
type sessionBefore struct {
	snap                 session.Snapshot
	had                  bool // the model showed the session
	appended             bool // the event appended it to order
	at                   int  // undoDismiss: its index in order
	client, trans, state string
	changed              map[string]Change
	held                 invariant.Held
	marks                Marks
	live                 int
	gone                 session.Snapshot // undoDismiss: history.gone[id] before
	wasGone              bool
}

var _ engine.Rewinder = (*Model)(nil)

// journaling reports whether events are recorded for going back.
func (m *Model) journaling() bool { return m.hist.floor >= 0 }

// forgetHistory drops the history; floor is the earliest position the
// model can go back to from now on, -1 for none.
func (m *Model) forgetHistory(floor int) {
	if m.applying == nil || m.hold || m.maxLog > 0 {
		floor = -1
	}
	m.hist = history{floor: floor}
}

// enter opens the frame of the input being applied, if it is new.
func (m *Model) enter() {
	in := m.applying()
	h := &m.hist
	if n := len(h.frames); n > 0 && h.frames[n-1].input == in {
		return
	}
	h.frames = append(h.frames, frame{input: in, undo: len(h.undos), cause: m.cause})
	if len(h.frames) > 2*rewindWindow {
		h.prune(len(h.frames) - rewindWindow)
	}
}

// prune drops the first n frames and their records.
func (h *history) prune(n int) {
	cut := h.frames[n].undo
	h.undos = append([]undo(nil), h.undos[cut:]...)
	h.frames = append([]frame(nil), h.frames[n:]...)
	for i := range h.frames {
		h.frames[i].undo -= cut
	}
	h.floor = h.frames[0].input
}

// push records an undo record when journaling.
func (m *Model) push(u undo) {
	if m.journaling() {
		m.hist.undos = append(m.hist.undos, u)
	}
}

// before returns what the model shows of session id now, to put back.
func (m *Model) before(id string) *sessionBefore {
	s, had := m.sessions[id]
	return &sessionBefore{
		snap: s, had: had, client: m.client[id], trans: m.trans[id], state: m.state[id],
		changed: m.changed[id], held: m.inv.Held(id), marks: m.marks, live: m.live,
	}
}

// journalSession records what a session event is about to change.
func (m *Model) journalSession(ev engine.Event) {
	id := ev.SessionID
	switch {
	case ev.Snapshot != nil:
		id = ev.Snapshot.ID
	case ev.Session != nil:
		id = ev.Session.ID
	}
	b := m.before(id)
	b.appended = ev.Snapshot != nil && !b.had
	m.push(undo{op: undoSession, id: id, changed: m.changed, sess: b})
}

// RewindFloor returns the earliest position the model can go back to.
func (m *Model) RewindFloor() (int, bool) { return m.hist.floor, m.journaling() }

// Rewind puts the model back as it was at position step, undoing what the
// events of the inputs from step on changed and cutting the log there. It
// changes Gen, as a reset does.
func (m *Model) Rewind(step int) {
	h := &m.hist
	i := len(h.frames)
	for i > 0 && h.frames[i-1].input >= step {
		i--
	}
	if i < len(h.frames) {
		f := h.frames[i]
		for j := len(h.undos) - 1; j >= f.undo; j-- {
			m.undo(h.undos[j])
		}
		clear(h.undos[f.undo:])
		h.undos, h.frames, m.cause = h.undos[:f.undo], h.frames[:i], f.cause
		m.order = m.order[:len(m.order):len(m.order)] // Order's callers keep theirs
	}
	n := len(m.log)
	for n > 0 && m.log[n-1].Input >= step {
		n--
	}
	// The entries cut stay as they were: a frame published before may
	// still be painting them. The next entry goes to a new array.
	m.log = m.log[:n:n]
	if n == 0 {
		m.log = nil // as after a reset
	}
	m.gen++
}

// Told returns the snapshot the last session event about id carried,
// even if the session was dismissed since.
func (m *Model) Told(id string) (session.Snapshot, bool) {
	if s, ok := m.sessions[id]; ok {
		return s, true
	}
	s, ok := m.hist.gone[id]
	return s, ok
}

// undo puts back one change.
func (m *Model) undo(u undo) {
	switch u.op {
	case undoStep:
		m.changed = u.changed
	case undoConn:
		if u.had {
			m.clientOf[u.id] = u.client
		} else {
			delete(m.clientOf, u.id)
		}
	case undoSession:
		if u.sess.appended {
			m.order = m.order[:len(m.order)-1]
		}
		m.restore(u)
	case undoDismiss:
		if u.sess.had {
			m.order = append(m.order[:u.sess.at:u.sess.at], append([]string{u.id}, m.order[u.sess.at:]...)...)
		}
		m.restoreGone(u.id, u.sess)
		m.restore(u)
	}
}

// restore puts back what the model showed of a session.
func (m *Model) restore(u undo) {
	b, id := u.sess, u.id
	if b.had {
		m.sessions[id] = b.snap
	} else {
		delete(m.sessions, id)
	}
	setOrDelete(m.client, id, b.client)
	setOrDelete(m.trans, id, b.trans)
	setOrDelete(m.state, id, b.state)
	if b.changed != nil {
		u.changed[id] = b.changed
	} else {
		delete(u.changed, id)
	}
	m.inv.Restore(id, b.held)
	m.marks, m.live = b.marks, b.live
}

func (m *Model) restoreGone(id string, b *sessionBefore) {
	if b.wasGone {
		m.hist.gone[id] = b.gone
	} else {
		delete(m.hist.gone, id)
	}
}

// setOrDelete sets m[k] to v, or deletes it for "", which reads the same.
func setOrDelete(m map[string]string, k, v string) {
	if v == "" {
		delete(m, k)
		return
	}
	m[k] = v
}
