package server

import (
	"slices"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// stanzaKinds are the three XMPP stanzas; any other element in
// jabber:client is unsupported.
var stanzaKinds = map[string]bool{"message": true, "presence": true, "iq": true}

var iqTypes = map[string]bool{"get": true, "set": true, "result": true, "error": true}

// process is core_process_stanza: what happens to an element by the
// session's state.
func (s *Server) process(c *c2s, e *etree.Element) {
	if stanza.NS(e) != stanza.NSClient {
		if stanza.NS(e) == stanza.NSSASL && s.saslElement(c, e) {
			return
		}
		if stanza.NS(e) == stanza.NSTLS && e.Tag == "starttls" && s.cfg.TLS {
			s.startTLS(c)
			return
		}
		s.close(c, Reason{Condition: "unsupported-stanza-type"})
		return
	}
	if !stanzaKinds[e.Tag] {
		s.close(c, Reason{Condition: "unsupported-stanza-type"})
		return
	}
	stripClientNS(e)
	if e.SelectAttr("xml:lang") == nil {
		e.CreateAttr("xml:lang", c.lang) // util.xmppstream stamps the stream's language
	}
	bound := c.sess.Type == session.TypeBound
	if bound && !s.validateBound(c, e) {
		return
	}
	if !s.prepAddresses(c, e) {
		return
	}
	if bound {
		s.post(c, e)
		return
	}
	s.hostEvent(c, e)
}

// stripClientNS removes the stream's default namespace from a stanza's
// root, as util.xmppstream leaves attr.xmlns nil for jabber:client.
func stripClientNS(e *etree.Element) {
	e.Attr = slices.DeleteFunc(e.Attr, func(a etree.Attr) bool { return a.Space == "" && a.Key == "xmlns" })
}

// validateBound applies the checks and from-stamping done for bound
// sessions. It reports false when the stanza was answered or dropped.
func (s *Server) validateBound(c *c2s, e *etree.Element) bool {
	typ := stanza.Attr(e, "type")
	if typ == "error" && len(e.ChildElements()) == 0 {
		return false // error stanza without children: discarded
	}
	if e.Tag == "iq" {
		text := ""
		switch {
		case !iqTypes[typ]:
			text = "Invalid IQ type"
		case !stanza.HasAttr(e, "id"):
			text = "Missing required 'id' attribute"
		case (typ == "get" || typ == "set") && len(e.ChildElements()) != 1:
			text = "Incorrect number of children for IQ stanza"
		}
		if text != "" {
			c.sess.Send(stanza.ErrorReply(e, "modify", "bad-request", text))
			return false
		}
	}
	e.CreateAttr("from", c.sess.FullJID)
	return true
}

// prepAddresses preps 'to' (and, for unbound sessions, checks 'from'). It
// reports false when the stanza was refused.
func (s *Server) prepAddresses(c *c2s, e *etree.Element) bool {
	typ := stanza.Attr(e, "type")
	quiet := typ == "error" || typ == "result"
	if to := e.SelectAttr("to"); to != nil && s.fullSessions[to.Value] == nil && !s.cfg.serves(to.Value) {
		prepped, ok := jid.Prep(to.Value)
		if !ok {
			if !quiet {
				c.sess.Send(stanza.ErrorReply(e, "modify", "jid-malformed", "The destination address is invalid: "+to.Value))
			}
			return false
		}
		to.Value = prepped
	}
	if from := e.SelectAttr("from"); from != nil && c.sess.FullJID == "" {
		if _, ok := jid.Prep(from.Value); !ok {
			if !quiet {
				c.sess.Send(stanza.ErrorReply(e, "modify", "jid-malformed", "The source address is invalid: "+from.Value))
			}
			return false
		}
	}
	return true
}

// hostEvent dispatches a stanza from an unbound session as a host event;
// only resource binding (mod_saslauth's bind handler) is handled there, the
// rest is unhandled.
func (s *Server) hostEvent(c *c2s, e *etree.Element) {
	typ := stanza.Attr(e, "type")
	if e.Tag == "iq" && (typ == "set" || typ == "get") {
		if child := firstChild(e); child != nil && stanza.NS(child) == stanza.NSBind && child.Tag == "bind" {
			s.bindIQ(c, e, child)
			return
		}
	}
	s.unhandled(c, e)
}

// unhandled is handle_unhandled_stanza for jabber:client stanzas.
func (s *Server) unhandled(c *c2s, e *etree.Element) {
	typ := stanza.Attr(e, "type")
	if typ == "error" || (e.Tag == "iq" && typ == "result") {
		return
	}
	c.sess.Send(stanza.ErrorReply(e, "cancel", "service-unavailable", ""))
}

// firstChild is Lua's stanza.tags[1]: the first child element, or nil.
func firstChild(e *etree.Element) *etree.Element {
	for _, t := range e.Child {
		if el, ok := t.(*etree.Element); ok {
			return el
		}
	}
	return nil
}
