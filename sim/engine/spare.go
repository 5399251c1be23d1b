package engine

import "github.com/sessionscope/sessionscope/sim/session"

// A spare is a second engine that the timeline keeps one input behind its
// position, advanced a little at a time while the host is idle
// (PrepareSpare). Going back one step with a rewinder then takes the
// spare as it is instead of replaying the whole run from the seed: a
// snapshot of the run one input ago, kept up to date at the cost of one
// replayed input per input applied. Going back further than the spare
// starts from the spare when it is behind the target, from the seed
// otherwise. Like a rewind, the spare replays with no observer at all.

// PrepareSpare advances the spare engine by at most n inputs towards one
// input behind the current position, building it from the seed first
// when there is none, and reports whether more remains to do. Inputs
// applied, forks and going back all keep or drop the spare as needed:
// call it again, when idle, after anything that moves the timeline. Only
// a timeline with a rewinder can use a spare; without one it does nothing.
func (t *Timeline) PrepareSpare(n int) (more bool, err error) {
	if t.rewinder == nil || t.spareBroken {
		return false, nil
	}
	target := t.pos - 1
	if target <= 0 || (t.spare != nil && t.sparePos >= target) {
		return false, nil
	}
	if t.spare == nil {
		e, err := t.quietEngine()
		if err != nil {
			t.spareBroken = true
			return false, err
		}
		t.spare, t.sparePos = e, 0
	}
	for ; n > 0 && t.sparePos < target; n-- {
		if err := t.spare.Apply(t.inputs[t.sparePos]); err != nil {
			t.dropSpare()
			t.spareBroken = true // it would fail the same way again
			return false, &InputError{Index: t.sparePos + 1, Input: t.inputs[t.sparePos], Err: err}
		}
		t.sparePos++
	}
	return t.sparePos < target, nil
}

// Spare returns the position of the spare engine, and false when there is
// none.
func (t *Timeline) Spare() (int, bool) { return t.sparePos, t.spare != nil }

// quietEngine returns a fresh engine from the seed with no observer, that
// remembers the sessions it diffed unobserved for a rewinder (seed).
func (t *Timeline) quietEngine() (*Engine, error) {
	e, err := t.newEngine()
	if err != nil {
		return nil, err
	}
	e.expect(len(t.inputs))
	e.diffed = make(map[*session.Session]bool)
	return e, nil
}

// takeSpare returns the spare engine and its position when it can start a
// rewind to step (it is at or behind it), and drops it otherwise: a spare
// beyond the position may hold inputs a fork will change.
func (t *Timeline) takeSpare(step int) (*Engine, int, bool) {
	e, pos := t.spare, t.sparePos
	t.dropSpare()
	if e == nil || pos > step {
		return nil, 0, false
	}
	return e, pos, true
}

// dropSpare forgets the spare engine.
func (t *Timeline) dropSpare() { t.spare, t.sparePos = nil, 0 }
