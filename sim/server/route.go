package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// IQHandler answers an iq get or set that a bound session addressed to
// itself (no 'to', its own bare JID or its host), as Prosody's iq/self and
// iq/host hooks do. It reports false to leave the iq unhandled.
type IQHandler func(c *Conn, iq, payload *etree.Element) bool

// HandleIQ registers h for iqs whose payload is in namespace ns.
func (s *Server) HandleIQ(ns string, h IQHandler) {
	s.iqHandlers[ns] = h
}

// Conn is what a handler sees of a session's connection.
type Conn struct {
	s *Server
	c *c2s
}

// Session returns the connection's session.
func (k *Conn) Session() *session.Session { return k.c.sess }

// Send sends an element on the connection.
func (k *Conn) Send(e *etree.Element) bool { return k.c.sess.Send(e) }

// post is core_post_stanza for a stanza from a bound session (with
// Prosody's pre-events, as for every c2s stanza).
func (s *Server) post(c *c2s, e *etree.Element) {
	if e.Tag == "iq" && s.selfIQ(c, e) {
		return
	}
	s.corePost(c.sess, e, true)
}

// selfIQ handles an iq get or set addressed to the session's own account
// or host (iq/self, iq/host). It reports false for any other iq.
func (s *Server) selfIQ(c *c2s, e *etree.Element) bool {
	typ, to := stanza.Attr(e, "type"), stanza.Attr(e, "to")
	bare := jid.Bare(c.sess.FullJID)
	if (typ != "get" && typ != "set") || (to != "" && to != c.sess.Host && to != bare) {
		return false
	}
	if to == bare {
		e.RemoveAttr("to") // core_post_stanza strips 'to' for the user's own bare JID
	}
	if to == c.sess.Host {
		if s.fireIQ(iqHost, c, e) {
			return true
		}
	} else if s.fireIQ(iqBare, c, e) || s.fireIQ(iqSelf, c, e) {
		return true // iq/bare fires first, then iq/self
	}
	child := firstChild(e)
	if h := s.iqHandlers[stanza.NS(child)]; h == nil || !h(&Conn{s, c}, e, child) {
		s.unhandled(c, e)
	}
	return true
}

// Where a stanza is addressed, as core_post_stanza names it.
const (
	toBare = "bare"
	toFull = "full"
	toHost = "host"
)

// corePost is core_post_stanza: from is the sending session, or nil for
// the host itself; pre fires the outbound (pre-) handlers first.
func (s *Server) corePost(from *session.Session, e *etree.Element, pre bool) {
	to := stanza.Attr(e, "to")
	node, host, res, _ := jid.Split(to)
	kind := toBare
	switch {
	case to == "":
	case node == "":
		kind = toHost
	case res != "":
		kind = toFull
	case from != nil && node == from.Username && host == from.Host:
		e.RemoveAttr("to")
	}
	if pre && e.Tag == "presence" && s.outboundPresence(from, e) {
		return
	}
	if pre && e.Tag == "message" && s.cfg.Loaded("carbons") {
		s.carbons(from, e, true) // pre-message/*, mod_carbons
	}
	if to != "" && !s.cfg.serves(host) {
		s.remote(from, e)
		return
	}
	switch e.Tag {
	case "presence":
		s.inboundPresence(from, e, kind)
	case "message":
		s.routeMessage(from, e, kind)
	case "iq":
		s.routeIQ(from, e, kind)
	}
}

// routeIQ delivers an iq to another entity (mod_iq): a full JID gets it if
// connected; a get or set to another user's bare JID or to another served
// host fires that target's iq event (mod_disco, mod_ping); anything else
// is unhandled.
func (s *Server) routeIQ(from *session.Session, e *etree.Element, kind string) {
	switch typ := stanza.Attr(e, "type"); {
	case kind == toFull:
		if ss := s.fullSessions[stanza.Attr(e, "to")]; ss != nil && ss.Send(e) {
			return
		}
	case typ == "get" || typ == "set":
		if s.fireIQ(kind, s.bySession[from], e) {
			return
		}
	}
	s.unhandledFrom(from, e)
}

// remote is core_route_stanza for a domain this server does not serve:
// with s2s disabled, an error to the sender.
func (s *Server) remote(from *session.Session, e *etree.Element) {
	typ := stanza.Attr(e, "type")
	if from == nil || typ == "error" || (e.Tag == "iq" && typ == "result") {
		return
	}
	reply := stanza.ErrorReply(e, "cancel", "not-allowed", "Communication with remote domains is not enabled")
	if e.Tag == "message" {
		// core_route_stanza posts the error from the host to the sender's
		// full JID, so mod_carbons sees it on its way (message/full).
		s.routeMessage(nil, reply, toFull)
		return
	}
	from.Send(reply)
}

// unhandledFrom is handle_unhandled_stanza for a stanza from a session or
// the host.
func (s *Server) unhandledFrom(from *session.Session, e *etree.Element) {
	typ := stanza.Attr(e, "type")
	if from == nil || typ == "error" || (e.Tag == "iq" && typ == "result") {
		return
	}
	from.Send(stanza.ErrorReply(e, "cancel", "service-unavailable", ""))
}
