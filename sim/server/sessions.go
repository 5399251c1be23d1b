package server

import (
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
)

// Prosody's core/sessionmanager.lua: binding a resource (bind_resource,
// with conflict_resolve), destroying a session, and the two tables of
// bound sessions, bare_sessions and full_sessions.

// bareSession is one entry of Prosody's bare_sessions (the same table as
// hosts[host].sessions[user]): an online user's bound sessions by resource,
// and the roster they share, which rostermanager.load_roster keeps here
// once loaded.
type bareSession struct {
	sessions map[string]*session.Session // resource -> session
	// order holds the same sessions, oldest bind first: Prosody walks the
	// sessions with pairs(), whose order Lua leaves open; the simulation
	// walks them in bind order so that runs are deterministic.
	order  []*session.Session
	roster *session.Roster
}

// add puts a session under its resource.
func (u *bareSession) add(resource string, ss *session.Session) {
	u.sessions[resource] = ss
	u.order = append(u.order, ss)
}

// remove takes a session out from under its resource.
func (u *bareSession) remove(resource string, ss *session.Session) {
	delete(u.sessions, resource)
	for i, r := range u.order {
		if r == ss {
			u.order = append(u.order[:i:i], u.order[i+1:]...)
			break
		}
	}
}

// bindError is a failed bind: the iq error's type, condition and text.
type bindError struct{ typ, condition, text string }

// bindResource is sessionmanager.bind_resource.
func (s *Server) bindResource(c *c2s, requested string) *bindError {
	ss := c.sess
	if ss.Username == "" {
		return &bindError{"auth", "not-authorized", "Cannot bind resource before authentication"}
	}
	if ss.Resource != "" {
		return &bindError{"cancel", "not-allowed", "Cannot bind multiple resources on a single connection"}
	}
	resource, ok := jid.Resourceprep(requested, true)
	if !ok || resource == "" {
		resource = s.ids.Short()
	}
	bare := ss.Username + "@" + ss.Host
	user := s.bareSessions[bare]
	if user == nil {
		user = &bareSession{sessions: make(map[string]*session.Session)}
		s.bareSessions[bare] = user
	} else if old := user.sessions[resource]; old != nil {
		var berr *bindError
		resource, berr = s.resolveConflict(user.sessions, old, resource)
		if berr != nil {
			return berr
		}
		if len(user.sessions) == 0 { // the kicked session was the last: a new entry, no roster
			user = &bareSession{sessions: user.sessions}
			s.bareSessions[bare] = user
		}
	}
	ss.Resource = resource
	ss.FullJID = bare + "/" + resource
	user.add(resource, ss)
	s.fullSessions[ss.FullJID] = ss
	ss.Type = session.TypeBound
	roster, err := s.loadRoster(ss)
	if err != nil {
		user.remove(resource, ss)
		delete(s.fullSessions, ss.FullJID)
		if len(user.sessions) == 0 {
			delete(s.bareSessions, bare)
		}
		ss.Resource, ss.FullJID, ss.Type = "", "", session.TypeUnbound
		return &bindError{"cancel", "internal-server-error", "Error loading roster"}
	}
	ss.Roster = roster
	for _, h := range s.hooks.ResourceBind {
		h(ss)
	}
	return nil
}

func (s *Server) loadRoster(ss *session.Session) (*session.Roster, error) {
	if s.hooks.RosterLoad == nil {
		return &session.Roster{}, nil
	}
	return s.hooks.RosterLoad(ss)
}

// resolveConflict applies conflict_resolve when resource is taken.
func (s *Server) resolveConflict(resources map[string]*session.Session, old *session.Session, resource string) (string, *bindError) {
	increment := false
	switch s.cfg.ConflictResolve {
	case "random":
		resource = s.ids.Short()
		increment = true
	case "increment":
		increment = true
	case "kick_new":
		return "", &bindError{"cancel", "conflict", "Resource already exists"}
	default: // kick_old, and any unknown value
		if oc := s.connOf(old); oc != nil {
			s.close(oc, Reason{Condition: "conflict", Text: "Replaced by new connection"})
		}
	}
	if increment && resources[resource] != nil {
		n := 1
		for resources[resource+"#"+itoa(n)] != nil {
			n++
		}
		resource = resource + "#" + itoa(n)
	}
	return resource, nil
}

func (s *Server) connOf(ss *session.Session) *c2s { return s.bySession[ss] }

// destroy is sessionmanager.destroy_session followed by retire_session.
func (s *Server) destroy(c *c2s, reason string) {
	ss := c.sess
	if ss.Destroyed {
		return
	}
	s.touch(ss)
	if c.timeout != nil {
		c.timeout.Stop()
	}
	if c.closeTimer != nil {
		c.closeTimer.Stop()
	}
	if ss.FullJID != "" {
		bare := ss.Username + "@" + ss.Host
		if user := s.bareSessions[bare]; user != nil {
			user.remove(ss.Resource, ss)
			if len(user.sessions) == 0 {
				delete(s.bareSessions, bare)
			}
		}
		delete(s.fullSessions, ss.FullJID)
		for _, h := range s.hooks.ResourceUnbind {
			h(ss, reason)
		}
	}
	if ss.Error == "" && reason != "" {
		ss.Error = reason
	}
	ss.Retire()
}

// sessionsOf returns a user's bound resources, oldest first. The slice
// must not be modified.
func (s *Server) sessionsOf(bare string) []*session.Session {
	if u := s.bareSessions[bare]; u != nil {
		return u.order
	}
	return nil
}

// Resources returns the bound sessions of a bare JID, keyed by resource
// (bare_sessions[bare].sessions). The map must not be modified.
func (s *Server) Resources(bare string) map[string]*session.Session {
	if u := s.bareSessions[bare]; u != nil {
		return u.sessions
	}
	return nil
}

// FullSession returns the bound session with the given full JID
// (full_sessions[full]).
func (s *Server) FullSession(fullJID string) *session.Session { return s.fullSessions[fullJID] }
