package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// routeMessage is mod_message: message/full, message/bare and, unhandled,
// message/host.
func (s *Server) routeMessage(from *session.Session, e *etree.Element, kind string) {
	to := stanza.Attr(e, "to")
	if kind != toHost && s.cfg.Loaded("carbons") {
		s.carbons(from, e, false) // message/full and message/bare, mod_carbons before mod_message
	}
	switch kind {
	case toFull:
		if ss := s.fullSessions[to]; ss != nil && ss.Send(e) {
			return
		}
		s.messageToBare(from, e, jid.Bare(to))
	case toBare:
		bare := to
		if bare == "" {
			bare = from.Username + "@" + from.Host
		}
		s.messageToBare(from, e, bare)
	default:
		s.unhandledFrom(from, e)
	}
}

// messageToBare is process_to_bare.
func (s *Server) messageToBare(from *session.Session, e *etree.Element, bare string) {
	switch stanza.Attr(e, "type") {
	case "error":
	case "groupchat":
		s.unhandledFrom(from, e)
	case "headline":
		if stanza.Attr(e, "to") != bare {
			return
		}
		for _, ss := range s.sessionsOf(bare) {
			if ss.Presence != nil && ss.Priority != nil && *ss.Priority >= 0 {
				ss.Send(e)
			}
		}
	default:
		sent := false
		for _, ss := range s.topResources(bare) {
			sent = ss.Send(e) || sent
		}
		if sent {
			return
		}
		node, host, _, _ := jid.Split(bare)
		if !s.userExists(host, node) || !s.storeOffline(host, node, e) {
			s.unhandledFrom(from, e)
		}
	}
}

// topResources is select_top_resources: the available resources with the
// highest priority, which must be at least 0; ties all count.
func (s *Server) topResources(bare string) []*session.Session {
	best := 0
	var top []*session.Session
	for _, ss := range s.sessionsOf(bare) {
		if ss.Presence == nil || ss.Priority == nil {
			continue
		}
		switch p := *ss.Priority; {
		case p > best:
			best, top = p, []*session.Session{ss}
		case p == best:
			top = append(top, ss)
		}
	}
	return top
}
