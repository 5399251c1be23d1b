package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_carbons (XEP-0280 message carbons): a resource enables
// carbons with an iq, and then gets a copy of each chat message its user's
// other resources send (<sent>) or receive (<received>), wrapped as a
// forwarded message (XEP-0297).

// Namespaces of mod_carbons.
const (
	nsCarbons      = "urn:xmpp:carbons:2"
	nsCarbonsRules = "urn:xmpp:carbons:rules:0"
	nsForward      = "urn:xmpp:forward:0"
	nsHints        = "urn:xmpp:hints"
	nsMUCUser      = "http://jabber.org/protocol/muc#user"
	nsSID          = "urn:xmpp:sid:0"
)

// installCarbons hooks the enable and disable iqs (to one's own account
// only: iq-set/self). The message handlers are called from corePost
// (pre-message/*) and routeMessage (message/full, message/bare).
func (s *Server) installCarbons() {
	s.hookIQ(iqSelf, "set", nsCarbons, "enable", s.toggleCarbons)
	s.hookIQ(iqSelf, "set", nsCarbons, "disable", s.toggleCarbons)
}

// toggleCarbons is toggle_carbons: want_carbons becomes the namespace on
// enable and false (shown as nil) on disable, and the iq gets an empty
// result.
func (s *Server) toggleCarbons(c *c2s, iq, payload *etree.Element) bool {
	c.sess.WantCarbons = ""
	if payload.Tag == "enable" {
		c.sess.WantCarbons = nsCarbons
	}
	s.touch(c.sess)
	c.sess.Send(stanza.Reply(iq))
	return true
}

// child returns e's first child element named name in namespace ns.
func child(e *etree.Element, name, ns string) *etree.Element {
	for _, c := range e.ChildElements() {
		if c.Tag == name && stanza.NS(c) == ns {
			return c
		}
	}
	return nil
}

// hasChildNS reports whether e has a child element of any name in ns.
func hasChildNS(e *etree.Element, ns string) bool {
	for _, c := range e.ChildElements() {
		if stanza.NS(c) == ns {
			return true
		}
	}
	return false
}

// shouldCopy is should_copy as the carbons-should-copy event calls it
// (with neither its c2s nor its user_bare argument, so the MUC-PM rule
// applies whenever the message has a 'to', the bounce rule to both
// directions, and a stanza-id counts when it has no 'by'). It returns
// whether to copy and the reason.
func shouldCopy(e *etree.Element) (bool, string) {
	typ := stanza.Attr(e, "type")
	if typ == "" {
		typ = "normal"
	}
	switch {
	case child(e, "private", nsCarbons) != nil:
		return false, "private"
	case child(e, "no-copy", nsHints) != nil:
		return false, "hint"
	case stanza.HasAttr(e, "to") && child(e, "x", nsMUCUser) != nil:
		return false, "muc-pm"
	case typ == "chat":
		return true, "type"
	case typ == "normal" && (child(e, "body", "") != nil || child(e, "body", stanza.NSClient) != nil):
		return true, "type"
	case typ == "error" && !hasResource(stanza.Attr(e, "from")):
		return true, "bounce"
	case hasChildNS(e, "urn:xmpp:jingle-message:0") || hasChildNS(e, "urn:xmpp:jingle-message:1"):
		return true, "jingle call"
	}
	if sid := child(e, "stanza-id", nsSID); sid != nil && !stanza.HasAttr(sid, "by") {
		return true, "archived"
	}
	return false, "default"
}

func hasResource(j string) bool {
	_, _, res, _ := jid.Split(j)
	return res != ""
}

// carbons is mod_carbons' message_handler: sent is true for a message
// from a local client (pre-message/*), false for one about to be
// delivered to a local user (message/full, message/bare). Each of the
// user's other carbons-enabled resources gets one copy, except, for a
// received message to the bare JID, those among the top resources that
// get the message itself.
func (s *Server) carbons(origin *session.Session, e *etree.Element, sent bool) {
	bareJID := jid.Bare(stanza.Attr(e, "from"))
	target := origin
	skip := func(*session.Session) bool { return false }
	if !sent {
		to := stanza.Attr(e, "to")
		bareJID, target = jid.Bare(to), s.fullSessions[to]
		if target == nil {
			skip = s.topPrioritySkip(bareJID)
		}
	}
	users := s.sessionsOf(bareJID)
	if len(users) == 0 {
		return // no carbons for an offline user
	}
	if ok, why := shouldCopy(e); !ok {
		if why == "private" && !sent {
			removeChildren(e, "private", nsCarbons)
		}
		return
	}
	var carbon *etree.Element
	for _, ss := range users {
		if ss.WantCarbons == "" || ss == target || skip(ss) {
			continue
		}
		if carbon == nil {
			carbon = s.carbonOf(e, bareJID, sent)
		}
		carbon.SelectAttr("to").Value = ss.FullJID
		ss.Send(carbon)
	}
}

// carbonOf wraps a copy of the message: <message from=bare type=type>
// <sent|received><forwarded>copy</forwarded></...></message>, with 'to'
// set per recipient. A sent message without 'to' then gets the user's
// bare JID as 'to' on its way (not in the copy), as Prosody does.
func (s *Server) carbonOf(e *etree.Element, bareJID string, sent bool) *etree.Element {
	cp := e.Copy()
	cp.Attr = append([]etree.Attr{{Key: "xmlns", Value: stanza.NSClient}}, cp.Attr...)
	if sent && !stanza.HasAttr(e, "to") {
		e.CreateAttr("to", bareJID)
	}
	typ := stanza.Attr(e, "type")
	if typ == "" {
		typ = "normal"
	}
	dir := "received"
	if sent {
		dir = "sent"
	}
	carbon := stanza.New("message", "from", bareJID, "type", typ, "to", "-")
	stanza.Child(stanza.Child(carbon, dir, "xmlns", nsCarbons), "forwarded", "xmlns", nsForward).AddChild(cp)
	return carbon
}

// topPrioritySkip is the rule for a received message with no connected
// full JID as target: a resource is skipped when its priority equals the
// top resources' (nil when there are none, which skips the resources with
// no priority), since mod_message delivers to those.
func (s *Server) topPrioritySkip(bare string) func(*session.Session) bool {
	top := s.topResources(bare)
	return func(ss *session.Session) bool {
		if len(top) == 0 {
			return ss.Priority == nil
		}
		return ss.Priority != nil && *ss.Priority == *top[0].Priority
	}
}

// removeChildren removes e's child elements named name in namespace ns
// (stanza:maptags returning nil for them).
func removeChildren(e *etree.Element, name, ns string) {
	for _, c := range e.ChildElements() {
		if c.Tag == name && stanza.NS(c) == ns {
			e.RemoveChild(c)
		}
	}
}
