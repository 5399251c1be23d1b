package engine

import (
	"github.com/sessionscope/sessionscope/sim/session"
)

// Kind says what an Event reports.
type Kind string

// The kinds of event.
const (
	StepBegin        Kind = "step-begin"
	StepEnd          Kind = "step-end"
	Wire             Kind = "wire"  // a delivery: connect, bytes or close
	TimerFired       Kind = "timer" // a virtual timer fired
	SessionCreated   Kind = "session-created"
	SessionChanged   Kind = "session-changed"
	SessionDestroyed Kind = "session-destroyed"
	InputApplied     Kind = "input" // an input other than a step was applied
)

// Directions of a Wire event, seen from the server.
const (
	In  = "in"  // client to server
	Out = "out" // server to client
)

// Event is one thing an observer is told.
type Event struct {
	Kind      Kind              `json:"kind"`
	Step      int               `json:"step"`
	Conn      string            `json:"conn,omitempty"`
	Client    string            `json:"client,omitempty"`
	Dir       string            `json:"dir,omitempty"`
	What      string            `json:"what,omitempty"` // open, data, close; a timer's name; an input's description
	Raw       string            `json:"raw,omitempty"`
	SessionID string            `json:"session,omitempty"`
	Snapshot  *session.Snapshot `json:"snapshot,omitempty"`
	Changes   []session.Change  `json:"changes,omitempty"`
	// Session is the live session a session event is about, for observers
	// that check more than the snapshot shows (sim/invariant). It changes
	// with later steps and must not be written.
	Session *session.Session `json:"-"`
	// Ack is set on a chunk to an external connection that the server
	// waits to see written: the listener confirms it with Engine.Written.
	Ack bool `json:"ack,omitempty"`
}

// Observer receives events, on the engine's goroutine, in order.
type Observer func(Event)
