//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/session"
)

// explain says what each seed field means, and where Prosody differs from
// the seed document.
var explain = map[string]string{
	"conn":       "The connection the session reads and writes. Here, the simulated TCP connection's name; Prosody keeps the socket object. Gone once the session is destroyed.",
	"notopen":    "true while the current stream has no answered header: right after connecting, and again after SASL success, when the client must restart the stream. nil once the header is processed.",
	"type":       "c2s_unauthed until SASL succeeds. The seed document jumps to c2s; Prosody uses c2s_unbound between authentication and bind, then c2s, and c2s_destroyed once retired.",
	"username":   "The authenticated user (the nodeprepped SASL authcid). nil before authentication.",
	"host":       "The virtual host named by the stream header's to attribute, nameprepped. Set when the stream opens.",
	"resource":   "The resource bound with the bind iq; nil until then.",
	"full_jid":   "user@host/resource, once a resource is bound: the session is then a connected resource.",
	"priority":   "Presence priority. The seed document implies 0; Prosody leaves it nil until the first available presence and sets it back to nil on unavailable presence.",
	"presence":   "The last available presence the client broadcast; nil until initial presence: the session is then an available resource.",
	"interested": "true once the client fetched its roster: it is then an interested resource and gets roster pushes.",
	"roster":     "The user's roster, loaded at bind and shared by all the user's resources.",
}

// states is the lifecycle of prosody-c2s.md §1.1, in order.
var states = []string{
	session.StateConnected, session.StateOpen, session.StateSASL, session.StateAuthenticated,
	session.StateUnbound, session.StateBound, session.StateClosing, session.StateDestroyed,
}

// transition names the §1.2 transition that took a session from old to
// its state now.
func transition(old string, s session.Snapshot) string {
	name := func(t string) string {
		from := old
		if from == "" {
			from = "new"
		}
		return from + " → " + s.State + " (" + t + ")"
	}
	switch s.State {
	case session.StateConnected:
		if old == "" {
			return name("T1: TCP connection accepted, c2s_timeout started")
		}
	case session.StateOpen:
		if old == session.StateSASL {
			return name("T8: SASL failure")
		}
		return name("T2: stream header accepted")
	case session.StateSASL:
		return name("T6: <auth> started a multi-step mechanism")
	case session.StateAuthenticated:
		return name("T9: SASL success, the stream must restart")
	case session.StateUnbound:
		return name("T11: stream restarted after authentication")
	case session.StateBound:
		return name("T13: resource bound")
	case session.StateClosing:
		return name("T23: server closed the stream, grace wait")
	case session.StateDestroyed:
		return name(destroyedBy(s.Error))
	}
	return name("")
}

func destroyedBy(reason string) string {
	switch reason {
	case "":
		return "T18: stream closed"
	case "closed":
		return "T19: TCP connection closed by the peer"
	case "connection-timeout":
		return "T20: c2s_timeout expired before authentication"
	case "conflict":
		return "T22: replaced by a new connection"
	}
	return "stream error " + reason
}

// card is one session's card with handles to its value cells. A card
// that scrolls out of the list is kept in a pool and rebound to the next
// session that scrolls in.
type card struct {
	root, sid, state, why, badges, trans, dismiss, token, diagram js.Value
	values, was, dd                                               map[string]js.Value
	on                                                            map[string]bool   // field highlighted as changed
	wasText                                                       map[string]string // the old value shown
	badge                                                         map[string]js.Value
	steps                                                         []js.Value
	last                                                          session.Snapshot
	lastTrans, lastClaims                                         string
	area, pos, size                                               string // grid-area, aria-posinset, aria-setsize
}

func newCard() *card {
	c := &card{values: map[string]js.Value{}, was: map[string]js.Value{}, dd: map[string]js.Value{}, badge: map[string]js.Value{},
		on: map[string]bool{}, wasText: map[string]string{}}
	c.root = attr(elem("article", "card"), "role", "listitem")
	head := elem("header", "")
	c.sid = elem("span", "sid")
	c.state = elem("span", "state")
	c.dismiss = button("Dismiss", "", "dismiss")
	c.dismiss.Set("hidden", true)
	add(head, c.sid, c.state, c.dismiss)
	c.why = elem("p", "why")
	c.badges = elem("div", "badges")
	for _, b := range []string{"connected", "available", "interested"} {
		c.badge[b] = textElem("span", "badge", b)
		add(c.badges, c.badge[b])
	}
	c.diagram = elem("ol", "diagram")
	for _, st := range states {
		li := textElem("li", "", st)
		c.steps = append(c.steps, li)
		add(c.diagram, li)
	}
	c.trans = elem("p", "trans")
	dl := elem("dl", "fields")
	for _, name := range session.Fields {
		c.field(dl, name)
	}
	c.token = attr(elem("dl", "token"), "aria-label", "token claims")
	c.token.Set("hidden", true)
	add(c.root, head, c.why, c.badges, c.diagram, c.trans, dl, c.token)
	return c
}

// bindTo labels the card for the session with this id; its fields are
// then filled as for a new card.
func (c *card) bindTo(id string) {
	attr(c.root, "data-session", id)
	attr(c.root, "aria-label", "session "+id)
	setText(c.sid, id)
	attr(c.dismiss, "data-dismiss", id)
	attr(c.dismiss, "aria-label", "dismiss session "+id)
	attr(c.diagram, "aria-label", "lifecycle of "+id)
	setClass(c.root, "located", false)
	c.root.Set("scrollTop", 0)
}

func (c *card) field(dl js.Value, name string) {
	dt := attr(attr(textElem("dt", "", name), "title", explain[name]), "tabindex", "0")
	dd := attr(elem("dd", ""), "data-field", name)
	was := elem("span", "was")
	val := elem("span", "v")
	add(dd, was, val)
	ex := textElem("dd", "explain", explain[name])
	add(dl, dt, dd, ex)
	c.values[name], c.was[name], c.dd[name] = val, was, dd
}

// place puts the card at index i of a list of all sessions, in a grid of
// cols columns whose first row shown is row first.
func (c *card) place(i, first, cols, all int) {
	c.area = setStyle(c.root, "gridArea", c.area, strconv.Itoa(i/cols-first+1)+" / "+strconv.Itoa(i%cols+1))
	if pos := strconv.Itoa(i + 1); pos != c.pos {
		attr(c.root, "aria-posinset", pos)
		c.pos = pos
	}
	if size := strconv.Itoa(all); size != c.size {
		attr(c.root, "aria-setsize", size)
		c.size = size
	}
}

func (c *card) update(s session.Snapshot, changed map[string]session.Change, trans string, fresh bool) {
	if fresh || s.State != c.last.State {
		setText(c.state, s.State)
		c.root.Call("setAttribute", "data-state", s.State)
		dead := s.State == session.StateDestroyed
		setClass(c.root, "destroyed", dead)
		c.dismiss.Set("hidden", !dead)
		for i, st := range states {
			setClass(c.steps[i], "on", st == s.State)
			if st == s.State {
				c.steps[i].Call("setAttribute", "aria-current", "step")
			} else {
				c.steps[i].Call("removeAttribute", "aria-current")
			}
		}
	}
	if fresh || s.Error != c.last.Error || s.State != c.last.State {
		setText(c.why, why(s))
	}
	if fresh || trans != c.lastTrans {
		setText(c.trans, trans)
		c.lastTrans = trans
	}
	if fresh || s.Connected != c.last.Connected || s.Available != c.last.Available || s.Interested != c.last.Interested {
		setClass(c.badge["connected"], "on", s.Connected)
		setClass(c.badge["available"], "on", s.Available)
		setClass(c.badge["interested"], "on", s.Interested)
	}
	for _, name := range session.Fields {
		c.updateField(name, s.Field(name), changed, fresh)
	}
	c.updateToken(s)
	c.last = s
}

func (c *card) updateField(name string, val session.Value, changed map[string]session.Change, fresh bool) {
	dd := c.dd[name]
	if fresh || val != c.last.Field(name) {
		setText(c.values[name], display(val))
		setClass(dd, "unset", !val.Set)
	}
	ch, isChanged := changed[name]
	isChanged = isChanged && ch.Old != ch.New
	was := ""
	if isChanged {
		was = display(ch.Old)
	}
	if fresh || c.on[name] != isChanged || c.wasText[name] != was {
		setText(c.was[name], was)
		setClass(dd, "changed", isChanged)
		c.on[name], c.wasText[name] = isChanged, was
	}
}

func (c *card) updateToken(s session.Snapshot) {
	claims := tokenClaims(s)
	var b strings.Builder
	for _, cl := range claims {
		b.WriteString(cl[0] + "\x00" + cl[1] + "\x00")
	}
	if b.String() == c.lastClaims {
		return
	}
	c.lastClaims = b.String()
	clear(c.token)
	for _, cl := range claims {
		add(c.token, textElem("dt", "", cl[0]), textElem("dd", "", cl[1]))
	}
	c.token.Set("hidden", len(claims) == 0)
}

func why(s session.Snapshot) string {
	switch {
	case s.State != session.StateDestroyed && s.Error != "":
		return "error: " + s.Error
	case s.State != session.StateDestroyed:
		return ""
	case s.Error == "":
		return "ended: the stream was closed"
	}
	return "ended: " + s.Error
}

func display(v session.Value) string {
	if !v.Set {
		return "—"
	}
	return v.Text
}
