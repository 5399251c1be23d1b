package server

import "github.com/sessionscope/sessionscope/sim/session"

// Hooks are the points where modules join the session manager, as Prosody
// modules hook the host's events. Each hook may be nil.
type Hooks struct {
	// RosterLoad loads a user's roster at bind (rostermanager.load_roster,
	// fired as roster-load). An error fails the bind with Prosody's
	// "Error loading roster" and rolls it back.
	RosterLoad func(ss *session.Session) (*session.Roster, error)
	// ResourceBind runs after a successful bind (resource-bind).
	ResourceBind []func(ss *session.Session)
	// ResourceUnbind runs while a bound session is destroyed, after it left
	// the session maps and before its fields are wiped (resource-unbind).
	// reason is Prosody's err: the close reason's text, "closed" for a
	// dropped connection, or "" for none.
	ResourceUnbind []func(ss *session.Session, reason string)
}

// Hooks returns the server's hooks for modules to set.
func (s *Server) Hooks() *Hooks { return &s.hooks }
