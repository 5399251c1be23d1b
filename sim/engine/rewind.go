package engine

import (
	"fmt"
	"math"

	"github.com/sessionscope/sessionscope/sim/session"
)

// Rewinder is an observer that can go back to an earlier position of a
// run from what it remembers, instead of being told every event of the
// replay from the seed. A timeline with a rewinder (SetRewinder) goes back
// by replaying its inputs with no observer at all, which is much cheaper,
// then asks the rewinder to put itself back as it was at that position.
type Rewinder interface {
	// RewindFloor returns the earliest position the rewinder can go back
	// to, and false when it cannot go back at all.
	RewindFloor() (int, bool)
	// Rewind puts the rewinder back as it was at position step (at or
	// after the floor): as if it had been reset and told every event of
	// the replay of the first step inputs.
	Rewind(step int)
	// Told returns the snapshot of session id that the last session event
	// the rewinder was told (before the position it went back to)
	// carried, ignoring dismissals; false if it was told of none.
	Told(id string) (session.Snapshot, bool)
}

// SetRewinder makes going back cheaper with r, which must be one of the
// timeline's observers. While r can go back, the other observers are not
// told the events of the inputs replayed to go back: set one only when
// they do not need them (a page's socket observer ignores replayed
// events anyway, their engine being gone).
func (t *Timeline) SetRewinder(r Rewinder) {
	t.rewinder = r
	t.rewindMax = math.MaxInt
}

// rewindable reports whether the rewinder can go back to step, and the
// earliest position it can go back to.
func (t *Timeline) rewindable(step int) (floor int, ok bool) {
	if t.rewinder == nil || step > t.rewindMax {
		return 0, false
	}
	floor, ok = t.rewinder.RewindFloor()
	return floor, ok && floor <= step
}

// rewind goes back to step, at or before the current position, with the
// rewinder: it takes the spare engine when it is at or behind step
// (spare.go), else rebuilds the engine from the seed, with no observer;
// replays the inputs before step, then has the rewinder go back and
// seeds the engine's last snapshots from it. It reports false, having
// changed nothing the slow way would not redo, when the rewinder cannot.
// A stop request is honoured only at or after the rewinder's floor.
func (t *Timeline) rewind(step int) (bool, error) {
	floor, ok := t.rewindable(step)
	if !ok {
		return false, nil
	}
	e, pos, ok := t.takeSpare(step)
	if !ok {
		var err error
		if e, err = t.quietEngine(); err != nil {
			return true, err
		}
	}
	t.eng, t.pos = e, pos
	var stopped error
	for t.pos < step {
		t.breathe()
		if t.pos >= floor && t.stop != nil && t.stop() {
			stopped = ErrStopped
			break
		}
		if err := t.replay(); err != nil {
			return false, nil // the slow way replays it again, observed
		}
	}
	t.rewinder.Rewind(t.pos)
	if err := e.seed(t.rewinder.Told); err != nil {
		return false, nil
	}
	for _, o := range t.observers {
		e.Subscribe(o)
	}
	t.rewindMax = math.MaxInt
	return true, stopped
}

// noteDiffed remembers the sessions a step touched while the engine is
// replayed with no observer for a rewinder: their last snapshots are
// seeded afterwards (seed).
func (e *Engine) noteDiffed(touched []*session.Session) {
	if e.diffed == nil {
		return
	}
	for _, s := range touched {
		e.diffed[s] = true
	}
}

// seed fills the last snapshots that diffs compare with, for the sessions
// diffed while nobody observed, from what the observers were told, so
// that the next steps report exactly what they would have after an
// observed replay. Only the fields and the state of a snapshot matter to
// a diff, and a diff that reported nothing left both as told.
func (e *Engine) seed(told func(id string) (session.Snapshot, bool)) error {
	for s := range e.diffed {
		snap, ok := told(s.ID)
		if !ok {
			return fmt.Errorf("engine: no snapshot of session %s to go back with", s.ID)
		}
		e.last[s] = snap
	}
	e.diffed = nil
	return nil
}
