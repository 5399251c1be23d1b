package server

import (
	"math"
	"strconv"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_presence: a session's own presence (handle_normal_presence,
// initial presence, unavailable), presence routed to bare and full JIDs and
// to the host, directed presence and the resource-unbind handler. The
// subscription and probe handlers are in presence_subscription.go.

// isSubscription reports whether a presence's type sends it to the
// subscription and probe logic: any type but unavailable and error, even
// an empty one (Lua's attr.type ~= nil).
func isSubscription(e *etree.Element) bool {
	a := e.SelectAttr("type")
	return a != nil && a.Value != "unavailable" && a.Value != "error"
}

// isAvailable reports whether a presence has no type at all.
func isAvailable(e *etree.Element) bool { return e.SelectAttr("type") == nil }

// presence builds a presence the server makes, attributes in the given
// order (empty values left out).
func presence(attrs ...string) *etree.Element { return stanza.New("presence", attrs...) }

// outboundPresence is mod_presence's pre-presence handler: subscription
// types go to the outbound subscription logic; other presences with a
// 'to' update the directed set. It reports true when the stanza was
// consumed.
func (s *Server) outboundPresence(from *session.Session, e *etree.Element) bool {
	to := stanza.Attr(e, "to")
	if to == "" {
		return false
	}
	if isSubscription(e) {
		return s.outboundSubscription(from, e, jid.Bare(stanza.Attr(e, "from")), jid.Bare(to))
	}
	if from == nil || from.Roster == nil {
		return false
	}
	if it := from.Roster.Item(jid.Bare(to)); it != nil && isFrom(it.Subscription) {
		return false
	}
	s.setDirected(from, to, isAvailable(e))
	return false
}

// setDirected adds jid to (or removes it from) a session's directed set.
func (s *Server) setDirected(ss *session.Session, to string, add bool) {
	d := s.directed[ss]
	for i, j := range d {
		if j == to {
			if !add {
				s.directed[ss] = append(d[:i:i], d[i+1:]...)
			}
			return
		}
	}
	if add {
		s.directed[ss] = append(d, to)
	} else if d == nil {
		s.directed[ss] = []string{} // origin.directed = origin.directed or {}
	}
}

// sendAvailable is send_presence_of_available_resources: each available
// resource of user sends its stored presence (or pres, from its full JID)
// to jid. It returns how many did.
func (s *Server) sendAvailable(user, to string, pres *etree.Element) int {
	count := 0
	for _, ss := range append([]*session.Session(nil), s.sessionsOf(user)...) {
		if ss.Presence == nil {
			continue
		}
		p := ss.Presence
		if pres != nil {
			p = pres
			p.CreateAttr("from", ss.FullJID)
		}
		p.CreateAttr("to", to)
		s.corePost(ss, p, true)
		p.RemoveAttr("to")
		count++
	}
	return count
}

// inboundPresence is the presence/bare, presence/full and presence/host
// handlers.
func (s *Server) inboundPresence(from *session.Session, e *etree.Element, kind string) {
	t, to := stanza.Attr(e, "type"), stanza.Attr(e, "to")
	switch {
	case kind == toHost:
		s.hostPresence(e)
	case to != "" && isSubscription(e):
		s.inboundSubscription(from, e, jid.Bare(stanza.Attr(e, "from")), jid.Bare(to))
	case kind == toFull:
		if ss := s.fullSessions[to]; ss != nil {
			ss.Send(e)
		}
	case to != "":
		for _, ss := range s.sessionsOf(to) {
			if ss.Presence != nil {
				ss.Send(e)
			}
		}
	case from != nil && (isAvailable(e) || t == "unavailable"):
		s.normalPresence(from, e, true)
	case from != nil:
		from.Send(stanza.ErrorReply(e, "modify", "bad-request", "Invalid presence type"))
	}
}

// hostPresence answers presence to the server's own JID: a probe gets
// available presence, a subscribe gets subscribed and available presence.
func (s *Server) hostPresence(e *etree.Element) {
	_, host, _, _ := jid.Split(stanza.Attr(e, "to"))
	fromBare, id := jid.Bare(stanza.Attr(e, "from")), stanza.Attr(e, "id")
	switch stanza.Attr(e, "type") {
	case "probe":
		s.corePost(nil, presence("from", host, "to", fromBare, "id", id), false)
	case "subscribe":
		s.corePost(nil, presence("from", host, "to", fromBare, "id", id, "type", "subscribed"), false)
		s.corePost(nil, presence("from", host, "to", fromBare, "id", id), false)
	}
}

// parsePriority reads <priority>: an optionally signed integer clamped to
// [-128, 127], else 0.
func parsePriority(e *etree.Element) int {
	p := e.SelectElement("priority")
	if p == nil {
		return 0
	}
	text := ""
	for _, t := range p.Child {
		if cd, ok := t.(*etree.CharData); ok {
			text += cd.Data
		}
	}
	if !isInteger(text) {
		return 0
	}
	f, _ := strconv.ParseFloat(text, 64)
	return int(math.Max(-128, math.Min(127, f)))
}

// normalPresence is handle_normal_presence: a session's own available or
// unavailable presence. reflect is false for the automatic unavailable at
// disconnect, when the session has already left full_sessions.
func (s *Server) normalPresence(o *session.Session, e *etree.Element, reflect bool) {
	prio := parsePriority(e)
	if reflect && s.fullSessions[o.FullJID] == o {
		o.Send(e)
	}
	bare := o.Username + "@" + o.Host
	for _, res := range append([]*session.Session(nil), s.sessionsOf(bare)...) {
		if res != o && res.Presence != nil {
			e.CreateAttr("to", res.FullJID)
			s.corePost(o, e, true)
		}
	}
	for _, contact := range o.Roster.Clone().Items {
		if isFrom(contact.Subscription) {
			e.CreateAttr("to", contact.JID)
			s.corePost(o, e, true)
		}
	}
	if isAvailable(e) && o.Presence == nil {
		o.Presence = e
		s.initialPresence(o, bare, prio)
	}
	if stanza.Attr(e, "type") == "unavailable" {
		s.unavailable(o, e)
	} else {
		stored := e.Copy()
		stored.RemoveAttr("to")
		stanza.Child(stored, "delay", "xmlns", stanza.NSDelay, "from", o.Host, "stamp", s.stamp())
		o.Presence = stored
		if o.Priority == nil || *o.Priority != prio {
			o.Priority = &prio
		}
	}
	e.RemoveAttr("to")
	s.touch(o)
}

// initialPresence is the first available presence's extra work: probes,
// the other resources' presence, pending requests, re-sent subscribes and
// the offline messages.
func (s *Server) initialPresence(o *session.Session, bare string, prio int) {
	roster := o.Roster.Clone()
	probe := presence("from", o.FullJID, "type", "probe")
	for _, it := range roster.Items {
		if isTo(it.Subscription) {
			probe.CreateAttr("to", it.JID)
			s.corePost(o, probe, true)
		}
	}
	for _, res := range append([]*session.Session(nil), s.sessionsOf(bare)...) {
		if res != o && res.Presence != nil {
			res.Presence.CreateAttr("to", o.FullJID)
			s.corePost(res, res.Presence, true)
			res.Presence.RemoveAttr("to")
		}
	}
	for _, p := range roster.Pending {
		o.Send(pendingRequest(p))
	}
	request := presence("type", "subscribe", "from", bare)
	for _, it := range roster.Items {
		if it.Ask != "" {
			request.CreateAttr("to", it.JID)
			s.corePost(o, request, true)
		}
	}
	if prio >= 0 {
		s.flushOffline(o)
	}
}

// pendingRequest rebuilds a stored subscription request.
func pendingRequest(p session.Pending) *etree.Element {
	d := etree.NewDocument()
	if p.Stanza != "" && d.ReadFromString(p.Stanza) == nil && d.Root() != nil {
		return d.Root()
	}
	return presence("type", "subscribe", "from", p.JID)
}

// unavailable clears presence and priority and closes directed presence.
func (s *Server) unavailable(o *session.Session, e *etree.Element) {
	o.Presence = nil
	o.Priority = nil
	directed, ok := s.directed[o]
	if !ok {
		return
	}
	for _, to := range append([]string(nil), directed...) {
		e.CreateAttr("to", to)
		s.corePost(o, e, true)
	}
	delete(s.directed, o)
}

// unbindPresence is mod_presence's resource-unbind handler, run after the
// session left bare_sessions and full_sessions: the automatic unavailable,
// with "Disconnected: <reason>" when there is a reason; then the session's
// directed set is forgotten.
func (s *Server) unbindPresence(ss *session.Session, reason string) {
	defer delete(s.directed, ss)
	if ss.Presence != nil {
		pres := presence("type", "unavailable", "from", ss.FullJID)
		if reason != "" {
			stanza.TextChild(pres, "status", "Disconnected: "+reason)
		}
		s.corePost(ss, pres, true)
		return
	}
	directed, ok := s.directed[ss]
	if !ok {
		return
	}
	pres := presence("type", "unavailable", "from", ss.FullJID)
	if reason != "" {
		stanza.TextChild(pres, "status", "Disconnected: "+reason)
	}
	for _, to := range directed {
		pres.CreateAttr("to", to)
		s.corePost(ss, pres, true)
	}
}

// stamp is util.datetime.datetime() on the virtual clock.
func (s *Server) stamp() string {
	return s.clock.Now().UTC().Format("2006-01-02T15:04:05Z")
}
