//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/session"
	"honnef.co/go/js/dom/v2"
)

// ui holds handles to the page's elements, built once and updated in place.
type ui struct {
	doc      dom.HTMLDocument
	status   dom.Element
	host     dom.Element
	clock    dom.Element
	step     dom.Element
	pending  dom.Element
	accounts dom.Element
	cards    dom.Element
	clients  dom.Element
	log      dom.Element
	buttons  []dom.Element

	cardByID  map[string]*card
	rowByName map[string]*clientRow
	logShown  int // index (in the whole log) of the next line to append
}

func newUI(doc dom.HTMLDocument) *ui {
	id := doc.GetElementByID
	u := &ui{
		doc: doc, status: id("status"), host: id("srv-host"), clock: id("srv-time"), step: id("srv-step"),
		pending: id("srv-pending"), accounts: id("srv-accounts"), cards: id("sessions"),
		clients: id("client-list"), log: id("log"),
		cardByID: make(map[string]*card), rowByName: make(map[string]*clientRow),
	}
	for _, b := range []string{"btn-step", "btn-play", "btn-idle", "btn-wait", "btn-add"} {
		u.buttons = append(u.buttons, id(b))
	}
	return u
}

func (u *ui) ready() {
	for _, b := range u.buttons {
		b.RemoveAttribute("disabled")
	}
	u.status.SetTextContent("Ready. Add a client, then press its button to take it through its lifecycle.")
	u.status.Underlying().Get("dataset").Set("ready", "true")
}

// flash shows a message in the status line. It may be called from any
// goroutine: it only sets text.
func (u *ui) flash(msg string) {
	u.status.SetTextContent(msg)
}

func (a *app) requestFrame() {
	a.mu.Lock()
	if a.pending {
		a.mu.Unlock()
		return
	}
	a.pending = true
	a.mu.Unlock()
	dom.GetWindow().RequestAnimationFrame(func(time.Duration) { a.render() })
}

// render applies the latest view to the page.
func (a *app) render() {
	v := a.snapshot()
	u := a.ui
	u.host.SetTextContent(v.host)
	u.clock.SetTextContent(v.now)
	u.step.SetTextContent(strconv.Itoa(v.step))
	u.pending.SetTextContent(strconv.Itoa(v.pending))
	u.accounts.SetTextContent(dash(strings.Join(v.accounts, ", ")))
	u.renderClients(v.clients)
	u.renderCards(v)
	u.renderLog(v)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// card is one session's card with handles to its value cells.
type card struct {
	root     dom.Element
	state    dom.Element
	why      dom.Element
	badges   dom.Element
	values   map[string]dom.Element
	was      map[string]dom.Element
	last     session.Snapshot
	badgeKey string
}

func (u *ui) el(tag, class string) dom.Element {
	e := u.doc.CreateElement(tag)
	if class != "" {
		e.SetAttribute("class", class)
	}
	return e
}

func (u *ui) newCard(s session.Snapshot) *card {
	c := &card{root: u.el("article", "card"), values: make(map[string]dom.Element), was: make(map[string]dom.Element)}
	c.root.SetAttribute("data-session", s.ID)
	c.root.SetAttribute("aria-label", "session "+s.ID)
	head := u.el("header", "")
	sid := u.el("span", "sid")
	sid.SetTextContent(s.ID)
	c.state = u.el("span", "state")
	head.AppendChild(sid)
	head.AppendChild(c.state)
	c.root.AppendChild(head)
	c.why = u.el("p", "why")
	c.root.AppendChild(c.why)
	c.badges = u.el("div", "badges")
	c.root.AppendChild(c.badges)
	dl := u.el("dl", "fields")
	for _, name := range session.Fields {
		dt := u.el("dt", "")
		dt.SetTextContent(name)
		dd := u.el("dd", "")
		dd.SetAttribute("data-field", name)
		val := u.el("span", "v")
		was := u.el("span", "was")
		dd.AppendChild(val)
		dd.AppendChild(was)
		c.values[name], c.was[name] = val, was
		dl.AppendChild(dt)
		dl.AppendChild(dd)
	}
	c.root.AppendChild(dl)
	u.cards.AppendChild(c.root)
	return c
}

func (u *ui) renderCards(v view) {
	seen := make(map[string]bool, len(v.sessions))
	for _, s := range v.sessions {
		seen[s.ID] = true
		c := u.cardByID[s.ID]
		if c == nil {
			c = u.newCard(s)
			u.cardByID[s.ID] = c
			c.update(s, v.changed[s.ID], true)
			continue
		}
		c.update(s, v.changed[s.ID], false)
	}
	for id, c := range u.cardByID {
		if !seen[id] {
			c.root.Remove()
			delete(u.cardByID, id)
		}
	}
}

func (c *card) update(s session.Snapshot, changed map[string]session.Change, fresh bool) {
	if fresh || s.State != c.last.State {
		c.state.SetTextContent(s.State)
		c.root.SetAttribute("data-state", s.State)
		if s.State == session.StateDestroyed {
			c.root.Class().Add("destroyed")
		}
	}
	if fresh || s.Error != c.last.Error {
		c.why.SetTextContent(why(s))
	}
	c.updateBadges(s)
	for _, name := range session.Fields {
		val := s.Field(name)
		ch, isChanged := changed[name]
		dd := c.values[name].ParentElement()
		if fresh || val != c.last.Field(name) {
			c.values[name].SetTextContent(display(val))
			if val.Set {
				dd.Class().Remove("unset")
			} else {
				dd.Class().Add("unset")
			}
		}
		if isChanged && !fresh {
			dd.Class().Add("changed")
			c.was[name].SetTextContent(display(ch.Old))
		} else {
			dd.Class().Remove("changed")
			c.was[name].SetTextContent("")
		}
	}
	c.last = s
}

func (c *card) updateBadges(s session.Snapshot) {
	var names []string
	if s.Connected {
		names = append(names, "connected")
	}
	if s.Available {
		names = append(names, "available")
	}
	if s.Interested {
		names = append(names, "interested")
	}
	key := strings.Join(names, ",")
	if key == c.badgeKey && c.badgeKey != "" {
		return
	}
	c.badgeKey = key
	c.badges.Underlying().Call("replaceChildren")
	doc := js.Global().Get("document")
	for _, n := range names {
		b := doc.Call("createElement", "span")
		b.Set("className", "badge")
		b.Set("textContent", n)
		c.badges.Underlying().Call("appendChild", b)
	}
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

func (u *ui) renderLog(v view) {
	start := u.logShown - v.logBase
	if start < 0 {
		start = 0
	}
	for _, l := range v.log[min(start, len(v.log)):] {
		li := u.el("li", l.dir)
		li.SetTextContent("#" + strconv.Itoa(l.step) + " " + l.text)
		u.log.AppendChild(li)
	}
	u.logShown = v.logBase + len(v.log)
	for u.log.Underlying().Get("childElementCount").Int() > maxLog {
		u.log.Underlying().Get("firstElementChild").Call("remove")
	}
	u.log.Underlying().Set("scrollTop", u.log.Underlying().Get("scrollHeight"))
}
