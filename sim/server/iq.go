package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_iq: an iq get or set to a bare JID, to one's own account
// (self) or to a host fires an event named for its target, its type and
// its payload, such as "iq-get/bare/urn:xmpp:ping:ping". A module hooks
// the events it answers; an iq nobody answers is unhandled
// (service-unavailable).

// The targets an iq hook is registered for: any bare JID of a served host
// (the user's own included), only the user's own account, or a host.
const (
	iqBare = "bare"
	iqSelf = "self"
	iqHost = "host"
)

// iqHook answers an iq get or set for a module; c is the sending session's
// connection. It reports false to leave the iq unhandled, as a Lua
// handler that returns nil does.
type iqHook func(c *c2s, iq, payload *etree.Element) bool

// hookIQ registers h for iqs of type typ (get or set) to target whose
// payload is the element name in namespace ns.
func (s *Server) hookIQ(target, typ, ns, name string, h iqHook) {
	s.iqHooks[target+"/"+typ+"/"+ns+":"+name] = h
}

// fireIQ fires the iq's event for target. It reports whether a module
// answered it.
func (s *Server) fireIQ(target string, c *c2s, iq *etree.Element) bool {
	child := firstChild(iq)
	if c == nil || child == nil {
		return false
	}
	h := s.iqHooks[target+"/"+stanza.Attr(iq, "type")+"/"+stanza.NS(child)+":"+child.Tag]
	return h != nil && h(c, iq, child)
}
