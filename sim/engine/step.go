package engine

import (
	"errors"
	"fmt"

	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// ErrIdle is returned for a step when nothing is pending.
var ErrIdle = errors.New("engine: nothing is pending")

// Step performs the next pending thing: a due timer, else the oldest
// network delivery. It reports false, doing nothing, when nothing is
// pending.
func (e *Engine) Step() bool {
	t := e.clock.PopDue()
	var d vnet.Delivery
	if t == nil {
		var ok bool
		if d, ok = e.net.Peek(); !ok {
			return false
		}
	}
	e.step++
	e.recordStep()
	e.emit(Event{Kind: StepBegin})
	if t != nil {
		e.emit(Event{Kind: TimerFired, What: t.Name})
		t.Fire()
	} else {
		e.deliver(d)
	}
	e.diffSessions()
	e.emit(Event{Kind: StepEnd})
	e.forgetHungUp()
	return true
}

// Run steps until nothing is pending or max steps were taken (max <= 0
// means no limit). It returns the number of steps taken.
func (e *Engine) Run(max int) int {
	n := 0
	for (max <= 0 || n < max) && e.Step() {
		n++
	}
	return n
}

// steps performs a step input standing for n steps, calling the pause
// function (SetPause) between them. A recorded step always had something
// to do, so a step with nothing pending fails with ErrIdle: the run is not
// the one recorded.
func (e *Engine) steps(n int) error {
	for i := range n {
		if i > 0 && e.pause != nil {
			e.pause()
		}
		if e.Step() {
			continue
		}
		if i == 0 {
			return ErrIdle
		}
		return fmt.Errorf("%w after %d of %d steps", ErrIdle, i, n)
	}
	return nil
}

// SetPause installs f, called between the steps of a folded step input
// that Apply performs, so that a host with a single thread can let its
// event loop run; f must not use the engine.
func (e *Engine) SetPause(f func()) { e.pause = f }

func (e *Engine) deliver(d vnet.Delivery) {
	if len(e.observers) == 0 {
		e.net.Next()
		return
	}
	dir := Out
	if d.ToServer {
		dir = In
	}
	name := e.connName(d.Conn)
	e.emit(Event{Kind: Wire, Conn: d.Conn.ID, Client: name, Dir: dir, What: d.Kind.String(), Raw: string(d.Data),
		Ack: d.Written != nil && d.Conn.Held()})
	e.net.Next()
}

// diffSessions turns the server's touched sessions into events. With no
// observer there is nobody to tell, and nothing is compared.
func (e *Engine) diffSessions() {
	touched := e.server.Touched()
	if len(e.observers) == 0 {
		e.noteDiffed(touched)
		e.dropDestroyed(touched)
		return
	}
	for _, s := range touched {
		snap := s.Snapshot()
		old, seen := e.last[s]
		e.last[s] = snap
		switch {
		case !seen:
			e.emit(Event{Kind: SessionCreated, SessionID: snap.ID, Snapshot: &snap, Changes: session.Diff(session.Snapshot{}, snap), Session: s})
		default:
			ch := session.Diff(old, snap)
			if len(ch) > 0 || old.State != snap.State {
				e.emit(Event{Kind: SessionChanged, SessionID: snap.ID, Snapshot: &snap, Changes: ch, Session: s})
			}
		}
		if snap.State == session.StateDestroyed && (!seen || old.State != session.StateDestroyed) {
			e.emit(Event{Kind: SessionDestroyed, SessionID: snap.ID, Snapshot: &snap, Session: s})
		}
	}
	e.dropDestroyed(touched)
}

// dropDestroyed forgets destroyed sessions at once when the configuration
// asks for it (long-running servers), instead of keeping them for display.
func (e *Engine) dropDestroyed(touched []*session.Session) {
	if !e.cfg.DropDestroyed {
		return
	}
	for _, s := range touched {
		if s.Destroyed {
			e.server.Dismiss(s.ID)
			delete(e.last, s)
			delete(e.diffed, s)
		}
	}
}

// Sessions returns snapshots of every session, oldest first.
func (e *Engine) Sessions() []session.Snapshot {
	ss := e.server.Sessions()
	out := make([]session.Snapshot, len(ss))
	for i, s := range ss {
		out[i] = s.Snapshot()
	}
	return out
}

// recordStep records a step, folding it into the previous input when that
// was a step too, so a long run keeps a short log.
func (e *Engine) recordStep() {
	e.applied++
	if e.cfg.Unrecorded {
		return
	}
	if n := len(e.inputs); n > 0 && e.inputs[n-1].Op == OpStep {
		e.inputs[n-1].N = max(e.inputs[n-1].N, 1) + 1
		return
	}
	e.inputs = append(e.inputs, Input{Op: OpStep})
}
