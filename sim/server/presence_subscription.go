package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// The subscription and probe handlers of Prosody's mod_presence
// (handle_outbound_presence_subscriptions_and_probes,
// handle_inbound_presence_subscriptions_and_probes and the
// roster-item-removed hook). They decide what is sent; the roster changes
// themselves are rostermanager's (rostermanager.go).

// setAddr sets from and to, returning a function that restores them, as
// Prosody saves and restores stanza.attr.from/to around its handlers.
func setAddr(e *etree.Element, from, to string) func() {
	oldFrom, hadFrom := stanza.Attr(e, "from"), stanza.HasAttr(e, "from")
	oldTo, hadTo := stanza.Attr(e, "to"), stanza.HasAttr(e, "to")
	e.CreateAttr("from", from)
	e.CreateAttr("to", to)
	return func() {
		restoreAttr(e, "from", oldFrom, hadFrom)
		restoreAttr(e, "to", oldTo, hadTo)
	}
}

// restoreAttr puts back an attribute setAddr replaced, or removes it if
// the stanza had none.
func restoreAttr(e *etree.Element, key, v string, had bool) {
	if had {
		e.CreateAttr(key, v)
	} else {
		e.RemoveAttr(key)
	}
}

// outboundSubscription is handle_outbound_presence_subscriptions_and_probes.
func (s *Server) outboundSubscription(from *session.Session, e *etree.Element, fromBare, toBare string) bool {
	if toBare == fromBare {
		return false // no self contacts
	}
	t := stanza.Attr(e, "type")
	if t == "probe" {
		return false
	}
	restore := setAddr(e, fromBare, toBare)
	defer restore()
	switch t {
	case "subscribe":
		if s.setPendingOut(fromBare, toBare) {
			s.push(fromBare, toBare)
		}
		s.corePost(from, e, false)
	case "unsubscribe":
		if s.unsubscribeOut(fromBare, toBare) {
			s.push(fromBare, toBare)
		}
		s.corePost(from, e, false)
	case "subscribed":
		s.outboundSubscribed(from, e, fromBare, toBare)
	case "unsubscribed":
		ok, _, subscribed := s.unsubscribedOut(fromBare, toBare)
		if !ok {
			break
		}
		if subscribed {
			s.push(fromBare, toBare)
		}
		s.corePost(from, e, false)
		if subscribed {
			s.sendAvailable(fromBare, toBare, presence("type", "unavailable"))
		}
	default:
		if from != nil {
			from.Send(stanza.ErrorReply(e, "modify", "bad-request", "Invalid presence type"))
		}
	}
	return true
}

// outboundSubscribed approves (or pre-approves) a subscription; the
// stanza and presences follow only if the contact is now subscribed, and
// a probe follows if the user is subscribed to the contact.
func (s *Server) outboundSubscribed(from *session.Session, e *etree.Element, fromBare, toBare string) {
	if s.subscribedOut(fromBare, toBare) {
		s.push(fromBare, toBare)
	}
	if ok, _ := s.isContactSubscribed(fromBare, toBare); ok {
		s.corePost(from, e, false)
		s.sendAvailable(fromBare, toBare, nil)
	}
	if s.isUserSubscribed(fromBare, toBare) {
		s.corePost(from, presence("type", "probe", "from", fromBare, "to", toBare), false)
	}
}

// inboundSubscription is handle_inbound_presence_subscriptions_and_probes.
func (s *Server) inboundSubscription(from *session.Session, e *etree.Element, fromBare, toBare string) {
	stFrom := stanza.Attr(e, "from")
	restore := setAddr(e, fromBare, toBare)
	defer restore()
	switch stanza.Attr(e, "type") {
	case "probe":
		s.inboundProbe(fromBare, toBare, stFrom)
	case "subscribe":
		s.inboundSubscribe(e, fromBare, toBare)
	case "unsubscribe":
		s.inboundChange(e, toBare, fromBare, s.inboundUnsubscribe)
	case "subscribed":
		s.inboundChange(e, toBare, fromBare, s.inboundApproval)
	case "unsubscribed":
		s.inboundChange(e, toBare, fromBare, s.inboundCancellation)
	default:
		if from != nil {
			from.Send(stanza.ErrorReply(e, "modify", "bad-request", "Invalid presence type"))
		}
	}
}

// inboundChange applies a received subscription change; if the roster
// changed, the stanza goes to the interested resources, then the push.
func (s *Server) inboundChange(e *etree.Element, user, contact string, change func(user, contact string) bool) {
	if !change(user, contact) {
		return
	}
	for _, ss := range s.sessionsOf(user) {
		if ss.Interested {
			ss.Send(e)
		}
	}
	s.push(user, contact)
}

// inboundProbe answers a probe with the stored presences, or unavailable
// from the bare JID; an unsubscribed prober gets the unsubscribed logic.
func (s *Server) inboundProbe(fromBare, toBare, stFrom string) {
	ok, err := s.isContactSubscribed(toBare, fromBare)
	switch {
	case ok:
		if s.sendAvailable(toBare, stFrom, nil) == 0 {
			s.corePost(nil, presence("type", "unavailable", "from", toBare, "to", stFrom), true)
		}
	case err == nil:
		s.corePost(nil, presence("type", "unsubscribed", "from", toBare, "to", fromBare), true)
	}
}

// inboundSubscribe handles a received subscription request.
func (s *Server) inboundSubscribe(e *etree.Element, fromBare, toBare string) {
	if ok, _ := s.isContactSubscribed(toBare, fromBare); ok {
		s.corePost(nil, presence("type", "subscribed", "from", toBare, "to", fromBare), true)
		if s.sendAvailable(toBare, fromBare, nil) == 0 {
			s.corePost(nil, presence("type", "unavailable", "from", toBare, "to", fromBare), true)
		}
		return
	}
	if s.isPreapproved(toBare, fromBare) {
		s.setPendingIn(toBare, fromBare, stanza.String(e))
		s.outboundSubscription(nil, presence("type", "subscribed", "from", toBare, "to", fromBare), toBare, fromBare)
		return
	}
	s.corePost(nil, presence("type", "unavailable", "from", toBare, "to", fromBare), true) // acknowledging receipt
	if !s.isPendingIn(toBare, fromBare) && s.setPendingIn(toBare, fromBare, stanza.String(e)) {
		for _, ss := range s.sessionsOf(toBare) {
			if ss.Presence != nil {
				ss.Send(e)
			}
		}
	}
}

// rosterItemRemoved is mod_presence's roster-item-removed handler, run
// before the item is deleted: unsubscribed if the contact was subscribed
// or had a request pending, unavailable and unsubscribe if the user was
// subscribed or asking.
func (s *Server) rosterItemRemoved(ss *session.Session, item session.Item) {
	bare := ss.Username + "@" + ss.Host
	if isFrom(item.Subscription) || ss.Roster.PendingFrom(item.JID) != nil {
		s.corePost(ss, presence("type", "unsubscribed", "from", ss.FullJID, "to", item.JID), false)
	}
	if isTo(item.Subscription) || item.Ask != "" {
		s.sendAvailable(bare, item.JID, presence("type", "unavailable"))
		s.corePost(ss, presence("type", "unsubscribe", "from", ss.FullJID, "to", item.JID), false)
	}
}
