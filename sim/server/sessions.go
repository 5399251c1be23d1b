package server

import (
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
)

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
	resources := s.users[bare]
	if resources == nil {
		resources = make(map[string]*session.Session)
		s.users[bare] = resources
	}
	if old := resources[resource]; old != nil {
		var berr *bindError
		resource, berr = s.resolveConflict(resources, old, resource)
		if berr != nil {
			return berr
		}
		if len(s.users[bare]) == 0 { // the kicked session was the last
			s.users[bare] = resources
		}
	}
	ss.Resource = resource
	ss.FullJID = bare + "/" + resource
	resources[resource] = ss
	s.full[ss.FullJID] = ss
	ss.Type = session.TypeBound
	roster, err := s.loadRoster(ss)
	if err != nil {
		delete(resources, resource)
		delete(s.full, ss.FullJID)
		if len(resources) == 0 {
			delete(s.users, bare)
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
		delete(s.users[bare], ss.Resource)
		delete(s.full, ss.FullJID)
		if len(s.users[bare]) == 0 {
			delete(s.users, bare)
		}
		for _, h := range s.hooks.ResourceUnbind {
			h(ss, reason)
		}
	}
	if ss.Error == "" && reason != "" {
		ss.Error = reason
	}
	ss.Retire()
}
