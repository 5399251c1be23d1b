package control

import (
	"errors"
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// A Wait is a call waiting for a real client in the page to log in: the
// next socket dialled is its client's, and the call is answered once
// that socket's session is bound (AnswerWaits).
type Wait struct {
	socket string
	done   func(id string, err error)
}

// RealClientWait is how long a real client has to reach a bound session.
const RealClientWait = 30 * time.Second

// AwaitLogin prepares a real client's login as user: it creates the
// account with password when it does not exist, and returns the JID to
// log in with and the wait, which done answers with the session's id once
// bound, or with an error when its socket closes first or GiveUp ends
// the wait.
func (b *Board) AwaitLogin(user, password string, done func(id string, err error)) (string, *Wait, error) {
	if user == "" {
		return "", nil, errors.New("realClient needs {user, password}")
	}
	if !b.TL.Engine().HasAccount(user) {
		if err := b.Input(true, engine.Input{Op: engine.OpAccount, User: user, Password: password}); err != nil {
			return "", nil, err
		}
	}
	w := &Wait{done: done}
	b.waits = append(b.waits, w)
	return user + "@" + b.TL.Config().Server.Hosts[0], w, nil
}

// claim gives the socket just dialled to the oldest wait without one.
func (b *Board) claim(name string) {
	for _, w := range b.waits {
		if w.socket == "" {
			w.socket = name
			return
		}
	}
}

// AnswerWaits answers the waits whose session is bound, and those whose
// socket closed first.
func (b *Board) AnswerWaits() {
	keep := b.waits[:0]
	for _, w := range b.waits {
		if w.socket == "" {
			keep = append(keep, w)
			continue
		}
		snap, ok := b.SocketSession(w.socket)
		switch {
		case ok && snap.State == session.StateBound:
			w.done(snap.ID, nil)
		case !b.attached(w.socket):
			w.done("", errors.New("the real client's connection closed before its session was bound"))
		default:
			keep = append(keep, w)
		}
	}
	b.waits = keep
}

// GiveUp ends a wait that is still waiting, answering that the real
// client was not bound in time.
func (b *Board) GiveUp(w *Wait) {
	for i, x := range b.waits {
		if x == w {
			b.waits = append(b.waits[:i], b.waits[i+1:]...)
			w.done("", fmt.Errorf("the real client was not bound within %.0f s", RealClientWait.Seconds()))
			return
		}
	}
}
