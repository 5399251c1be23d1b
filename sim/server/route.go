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

// post is core_post_stanza for a bound session's stanza. The walking
// skeleton answers the session iq and the roster get; routing between
// users arrives with the roster, presence and message handlers.
func (s *Server) post(c *c2s, e *etree.Element) {
	typ := stanza.Attr(e, "type")
	to := stanza.Attr(e, "to")
	toSelf := to == "" || to == c.sess.Host || to == jid.Bare(c.sess.FullJID)
	if e.Tag == "iq" && toSelf && (typ == "get" || typ == "set") {
		child := firstChild(e)
		if h := s.iqHandlers[stanza.NS(child)]; h != nil && h(&Conn{s, c}, e, child) {
			return
		}
	}
	if e.Tag == "iq" || e.Tag == "message" {
		s.unhandled(c, e)
	}
}

// sessionIQ answers the legacy session establishment iq (RFC 3921) with
// an empty result.
func sessionIQ(c *Conn, iq, payload *etree.Element) bool {
	if payload.Tag != "session" {
		return false
	}
	c.Send(stanza.Reply(iq))
	return true
}

// rosterGet is the skeleton's roster get: an empty roster, and the
// session becomes interested.
func rosterGet(c *Conn, iq, payload *etree.Element) bool {
	if payload.Tag != "query" || stanza.Attr(iq, "type") != "get" {
		return false
	}
	ss := c.Session()
	ss.Interested = true
	r := stanza.Reply(iq)
	stanza.Child(r, "query", "xmlns", stanza.NSRoster, "ver", itoa(ss.Roster.Version+1))
	c.Send(r)
	return true
}
