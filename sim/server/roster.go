package server

import (
	"errors"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// im is the state mod_roster, mod_presence and mod_message keep beside the
// session manager: each online user's resources in bind order with the
// one roster they share (bare_sessions), and each session's directed
// presence set.
type im struct {
	users    map[string]*imUser
	directed map[*session.Session][]string
}

// imUser is bare_sessions[user]: the resources, oldest first, and the
// roster loaded by the first of them.
type imUser struct {
	sessions []*session.Session
	roster   *session.Roster
}

// errNoUser refuses to save the roster of a user with no account, as
// rostermanager.save_roster does.
var errNoUser = errors.New("server: not saving roster: the user does not exist")

// installIM joins the roster, presence and message modules to the session
// manager's hooks.
func (s *Server) installIM() {
	s.im = &im{
		users:    make(map[string]*imUser),
		directed: make(map[*session.Session][]string),
	}
	s.hooks.RosterLoad = s.rosterLoad
	s.hooks.ResourceBind = append(s.hooks.ResourceBind, s.imBind)
	s.hooks.ResourceUnbind = append(s.hooks.ResourceUnbind, s.imUnbind)
}

// rosterLoad is rostermanager.load_roster at bind: the roster the user's
// other resources share, else the stored one with any self-contact
// dropped. A stored roster that cannot be read fails the bind.
func (s *Server) rosterLoad(ss *session.Session) (*session.Roster, error) {
	bare := ss.Username + "@" + ss.Host
	if u := s.im.users[bare]; u != nil && u.roster != nil {
		return u.roster, nil
	}
	r, _, err := s.store.Roster(ss.Host, ss.Username)
	if err != nil {
		return nil, err
	}
	r.Remove(bare)
	return r, nil
}

func (s *Server) imBind(ss *session.Session) {
	bare := ss.Username + "@" + ss.Host
	u := s.im.users[bare]
	if u == nil {
		u = &imUser{roster: ss.Roster}
		s.im.users[bare] = u
	}
	u.sessions = append(u.sessions, ss)
}

// imUnbind is mod_presence's resource-unbind handler, after the session
// left bare_sessions.
func (s *Server) imUnbind(ss *session.Session, reason string) {
	bare := ss.Username + "@" + ss.Host
	if u := s.im.users[bare]; u != nil {
		for i, r := range u.sessions {
			if r == ss {
				u.sessions = append(u.sessions[:i:i], u.sessions[i+1:]...)
				break
			}
		}
		if len(u.sessions) == 0 {
			delete(s.im.users, bare)
		}
	}
	s.unbindPresence(ss, reason)
	delete(s.im.directed, ss)
}

// sessionsOf returns a user's bound resources, oldest first.
func (s *Server) sessionsOf(bare string) []*session.Session {
	if u := s.im.users[bare]; u != nil {
		return u.sessions
	}
	return nil
}

// rosterOf is load_roster for any local user: the online roster, else the
// stored one. A stored roster that cannot be read comes back empty with
// the error (Prosody's broken roster); saveRoster never writes over it.
func (s *Server) rosterOf(bare string) (*session.Roster, error) {
	if u := s.im.users[bare]; u != nil && u.roster != nil {
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
	if u := s.im.users[bare]; u == nil || u.roster != r {
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

// userExists is usermanager.user_exists.
func (s *Server) userExists(host, node string) bool {
	if node == "" || !s.cfg.serves(host) {
		return false
	}
	if s.cfg.Authentication == "insecure" {
		return true
	}
	_, found, err := s.store.Account(host, node)
	return found && err == nil
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
	u := s.im.users[bare]
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
	for _, ss := range u.sessions {
		if ss.Interested {
			ss.Send(iq)
		}
	}
}

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
