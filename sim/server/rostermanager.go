package server

import (
	"errors"
	"strconv"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's core/rostermanager.lua: loading, saving and pushing a user's
// roster, and the subscription state functions that change it. Rosters of
// online users are shared through their bare_sessions entry (sessions.go);
// the rosters of offline users are read from storage each time.

// errNoUser refuses to save the roster of a user with no account, as
// rostermanager.save_roster does.
var errNoUser = errors.New("server: not saving roster: the user does not exist")

// rosterLoad is rostermanager.load_roster at bind (the RosterLoad hook):
// the roster in the user's bare_sessions entry, which the other resources
// share, else the stored one with any self-contact dropped, kept in the
// entry as load_roster does (user.roster = roster). A stored roster that
// cannot be read fails the bind.
func (s *Server) rosterLoad(ss *session.Session) (*session.Roster, error) {
	bare := ss.Username + "@" + ss.Host
	u := s.bareSessions[bare]
	if u != nil && u.roster != nil {
		return u.roster, nil
	}
	r, _, err := s.store.Roster(ss.Host, ss.Username)
	if err != nil {
		return nil, err
	}
	r.Remove(bare)
	if u != nil {
		u.roster = r
	}
	return r, nil
}

// rosterOf is load_roster for any local user: the online roster, else the
// stored one. A stored roster that cannot be read comes back empty with
// the error (Prosody's broken roster); saveRoster never writes over it.
func (s *Server) rosterOf(bare string) (*session.Roster, error) {
	if u := s.bareSessions[bare]; u != nil && u.roster != nil {
		return u.roster, nil
	}
	node, host, _, _ := jid.Split(bare)
	r, _, err := s.store.Roster(host, node)
	if err != nil {
		return &session.Roster{Items: []session.Item{}}, err
	}
	r.Remove(bare)
	return r, nil
}

// saveRoster is save_roster: the version goes up, then the roster is
// stored, unless the user has no account or the roster is broken.
func (s *Server) saveRoster(bare string, r *session.Roster) error {
	node, host, _, _ := jid.Split(bare)
	if !s.userExists(host, node) {
		return errNoUser
	}
	r.Version++
	if u := s.bareSessions[bare]; u == nil || u.roster != r {
		// an offline user's roster: refuse to replace a file that cannot be read
		if _, _, err := s.store.Roster(host, node); err != nil {
			return err
		}
	}
	for _, ss := range s.sessionsOf(bare) {
		s.touch(ss)
	}
	return s.store.PutRoster(host, node, r)
}

// rosterVer is the version a get reports and a push carries: version or 1.
func rosterVer(r *session.Roster) string {
	if r.Version == 0 {
		return "1"
	}
	return strconv.Itoa(r.Version)
}

// itemElement appends <item> for a roster entry.
func itemElement(parent *etree.Element, it *session.Item) {
	e := stanza.Child(parent, "item", "jid", it.JID, "subscription", it.Subscription, "ask", it.Ask, "name", it.Name)
	for _, g := range it.Groups {
		stanza.TextChild(e, "group", g)
	}
}

// push is rostermanager.roster_push: the item (or its removal) to every
// interested resource of an online user, with no to or from.
func (s *Server) push(bare, contact string) {
	u := s.bareSessions[bare]
	if u == nil || u.roster == nil {
		return
	}
	iq := stanza.New("iq", "type", "set", "id", s.ids.Short())
	q := stanza.Child(iq, "query", "xmlns", stanza.NSRoster, "ver", rosterVer(u.roster))
	if it := u.roster.Item(contact); it != nil {
		itemElement(q, it)
	} else {
		stanza.Child(q, "item", "jid", contact, "subscription", "remove")
	}
	for _, ss := range u.order {
		if ss.Interested {
			ss.Send(iq)
		}
	}
}

// The subscription state functions (is_contact_subscribed,
// set_contact_pending_in, subscribed, unsubscribe,
// process_inbound_subscription_approval, ...). Each loads the user's
// roster (online or stored), changes it and saves it, and reports whether
// a roster push should follow.

// isFrom reports whether a subscription sends the user's presence to the
// contact (from or both).
func isFrom(sub string) bool { return sub == "from" || sub == "both" }

// isTo reports whether a subscription sends the contact's presence to the
// user (to or both).
func isTo(sub string) bool { return sub == "to" || sub == "both" }

// pendingOf is a pending inbound request as set_contact_pending_in stores
// it: the contact and the request stanza whole.
func pendingOf(contact, request string) session.Pending {
	return session.Pending{JID: contact, Stanza: request}
}

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
