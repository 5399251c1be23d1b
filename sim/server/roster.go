package server

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_roster: the jabber:iq:roster iq handler (get with roster
// versioning, set and remove). Loading, saving and pushing rosters are
// rostermanager's (rostermanager.go).

// rosterGet is mod_roster's jabber:iq:roster handler: get and set.
func rosterGet(c *Conn, iq, payload *etree.Element) bool {
	if payload.Tag != "query" {
		return false
	}
	if stanza.Attr(iq, "type") == "get" {
		c.s.rosterResult(c.Session(), iq, payload)
	} else {
		c.s.rosterSet(c.Session(), iq, payload)
	}
	return true
}

// rosterResult answers a roster get, honouring roster versioning.
func (s *Server) rosterResult(ss *session.Session, iq, q *etree.Element) {
	r := stanza.Reply(iq)
	server := rosterVer(ss.Roster)
	client, ok := luaNumber(stanza.Attr(q, "ver"))
	if !ok || strconv.FormatFloat(client, 'f', -1, 64) != server {
		res := stanza.Child(r, "query", "xmlns", stanza.NSRoster)
		for i := range ss.Roster.Items {
			itemElement(res, &ss.Roster.Items[i])
		}
		res.CreateAttr("ver", server)
	}
	ss.Send(r)
	ss.Interested = true
	s.touch(ss)
}

// luaNumber is Lua's tonumber on a string: surrounding space allowed,
// decimal or hexadecimal.
func luaNumber(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	switch {
	case isLuaDecimal(v):
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	case isLuaHex(v):
		n, err := strconv.ParseInt(v, 0, 64)
		return float64(n), err == nil
	}
	return 0, false
}

// rosterSet is a roster set: add or update one item, or remove it.
func (s *Server) rosterSet(ss *session.Session, iq, q *etree.Element) {
	items := q.ChildElements()
	if len(items) != 1 || items[0].Tag != "item" || stanza.NS(items[0]) != stanza.NSRoster || !stanza.HasAttr(items[0], "jid") {
		ss.Send(stanza.ErrorReply(iq, "modify", "bad-request", ""))
		return
	}
	item := items[0]
	contact, ok := jid.Prep(stanza.Attr(item, "jid"))
	_, _, res, _ := jid.Split(contact)
	bare := ss.Username + "@" + ss.Host
	switch {
	case !ok || res != "":
		ss.Send(stanza.ErrorReply(iq, "modify", "bad-request", ""))
	case contact == bare:
		ss.Send(stanza.ErrorReply(iq, "cancel", "not-allowed", ""))
	case stanza.Attr(item, "subscription") == "remove":
		s.rosterRemove(ss, iq, bare, contact)
	default:
		s.rosterUpdate(ss, iq, item, bare, contact)
	}
}

// rosterUpdate adds or updates an item from the client's name and groups,
// keeping the stored subscription and ask (and dropping any pre-approval,
// as Prosody builds a fresh item).
func (s *Server) rosterUpdate(ss *session.Session, iq, item *etree.Element, bare, contact string) {
	r := ss.Roster
	next := session.Item{JID: contact, Name: stanza.Attr(item, "name"), Subscription: "none"}
	if old := r.Item(contact); old != nil {
		next.Subscription, next.Ask = old.Subscription, old.Ask
	}
	for _, g := range item.SelectElements("group") {
		text := g.Text()
		if !contains(next.Groups, text) {
			next.Groups = append(next.Groups, text)
		}
	}
	backup := r.Clone()
	*r.Add(contact) = next
	s.commitRoster(ss, iq, bare, contact, backup)
}

// rosterRemove removes an item: roster-item-removed runs first (the
// unsubscribed and unsubscribe to the contact), then the item goes, then
// the result and the push.
func (s *Server) rosterRemove(ss *session.Session, iq *etree.Element, bare, contact string) {
	r := ss.Roster
	old := r.Item(contact)
	if old == nil {
		ss.Send(stanza.ErrorReply(iq, "modify", "item-not-found", ""))
		return
	}
	s.rosterItemRemoved(ss, *old)
	backup := r.Clone()
	r.Remove(contact)
	s.commitRoster(ss, iq, bare, contact, backup)
}

// commitRoster saves a roster that a set or remove changed, then answers
// the iq and pushes the item; a failed save puts the items back and
// answers Prosody's "Unable to save roster".
func (s *Server) commitRoster(ss *session.Session, iq *etree.Element, bare, contact string, backup *session.Roster) {
	r := ss.Roster
	if err := s.saveRoster(bare, r); err != nil {
		restoreRoster(r, backup)
		ss.Send(stanza.ErrorReply(iq, "wait", "internal-server-error", "Unable to save roster"))
		return
	}
	ss.Send(stanza.Reply(iq))
	s.push(bare, contact)
}

// restoreRoster puts the items back after a failed save; the version
// keeps its increment, as save_roster bumps it before storing.
func restoreRoster(r, backup *session.Roster) {
	v := r.Version
	*r = *backup
	r.Version = v
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
