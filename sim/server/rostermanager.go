package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// The subscription state functions of Prosody's core/rostermanager.lua.
// Each loads the user's roster (online or stored), changes it and saves
// it, and reports whether a roster push should follow.

func isFrom(sub string) bool { return sub == "from" || sub == "both" }
func isTo(sub string) bool   { return sub == "to" || sub == "both" }

// isContactSubscribed reports whether contact receives user's presence
// (user's item has from or both); err is set when the roster is broken.
func (s *Server) isContactSubscribed(user, contact string) (bool, error) {
	r, err := s.rosterOf(user)
	it := r.Item(contact)
	return it != nil && isFrom(it.Subscription), err
}

// isUserSubscribed reports whether user receives contact's presence.
func (s *Server) isUserSubscribed(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	return it != nil && isTo(it.Subscription)
}

func (s *Server) isPendingIn(user, contact string) bool {
	r, _ := s.rosterOf(user)
	return r.PendingFrom(contact) != nil
}

func (s *Server) isPreapproved(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	return it != nil && it.Approved
}

// setPendingIn stores an inbound request whole (set_contact_pending_in);
// nothing is stored when contact already has a subscription from user.
func (s *Server) setPendingIn(user, contact, request string) bool {
	r, _ := s.rosterOf(user)
	if it := r.Item(contact); it != nil && isFrom(it.Subscription) {
		return false
	}
	if p := r.PendingFrom(contact); p != nil {
		p.Stanza = request
	} else {
		r.Pending = append(r.Pending, pendingOf(contact, request))
	}
	return s.saveRoster(user, r) == nil
}

// setPendingOut is set_contact_pending_out (subscribe): ask=subscribe
// unless already asked or subscribed, which still counts as success.
func (s *Server) setPendingOut(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	if it != nil && (it.Ask != "" || isTo(it.Subscription)) {
		return true
	}
	r.Add(contact).Ask = "subscribe"
	return s.saveRoster(user, r) == nil
}

// unsubscribeOut is unsubscribe: the ask is cleared and to dropped.
func (s *Server) unsubscribeOut(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	if it == nil {
		return false
	}
	if (it.Subscription == "from" || it.Subscription == "none") && it.Ask == "" {
		return true
	}
	it.Ask = ""
	switch it.Subscription {
	case "both":
		it.Subscription = "from"
	case "to":
		it.Subscription = "none"
	}
	return s.saveRoster(user, r) == nil
}

// subscribedOut is subscribed: approve a pending request, or store a
// pre-approval when there is none and contact is not yet subscribed.
func (s *Server) subscribedOut(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	switch {
	case r.PendingFrom(contact) != nil:
		it = r.Add(contact)
		if it.Subscription == "none" {
			it.Subscription = "from"
		} else { // Prosody assumes "to" here
			it.Subscription = "both"
		}
		it.Approved = false
		r.ClearPending(contact)
	case it == nil || it.Subscription == "none" || it.Subscription == "to":
		r.Add(contact).Approved = true
	default:
		return false
	}
	return s.saveRoster(user, r) == nil
}

// unsubscribedOut is unsubscribed: cancel contact's subscription or deny
// its request. It reports success and what existed before.
func (s *Server) unsubscribedOut(user, contact string) (ok, pending, subscribed bool) {
	r, _ := s.rosterOf(user)
	pending = r.ClearPending(contact)
	if it := r.Item(contact); it != nil {
		switch it.Subscription {
		case "from":
			it.Subscription, subscribed = "none", true
		case "both":
			it.Subscription, subscribed = "to", true
		}
	}
	ok = (pending || subscribed) && s.saveRoster(user, r) == nil
	return ok, pending, subscribed
}

// inboundApproval is process_inbound_subscription_approval (subscribed
// received): only an item with ask changes.
func (s *Server) inboundApproval(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	if it == nil || it.Ask == "" {
		return false
	}
	if it.Subscription == "none" {
		it.Subscription = "to"
	} else { // Prosody assumes "from" here
		it.Subscription = "both"
	}
	it.Ask = ""
	return s.saveRoster(user, r) == nil
}

// inboundCancellation is process_inbound_subscription_cancellation
// (unsubscribed received).
func (s *Server) inboundCancellation(user, contact string) bool {
	r, _ := s.rosterOf(user)
	it := r.Item(contact)
	if it == nil {
		return false
	}
	changed := it.Ask != ""
	it.Ask = ""
	switch it.Subscription {
	case "to":
		it.Subscription, changed = "none", true
	case "both":
		it.Subscription, changed = "from", true
	}
	return changed && s.saveRoster(user, r) == nil
}

// inboundUnsubscribe is process_inbound_unsubscribe (unsubscribe
// received): the pending request goes and from is dropped.
func (s *Server) inboundUnsubscribe(user, contact string) bool {
	r, _ := s.rosterOf(user)
	changed := r.ClearPending(contact)
	if it := r.Item(contact); it != nil {
		switch it.Subscription {
		case "from":
			it.Subscription, changed = "none", true
		case "both":
			it.Subscription, changed = "to", true
		}
	}
	return changed && s.saveRoster(user, r) == nil
}

// The subscription handlers of mod_presence.

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
