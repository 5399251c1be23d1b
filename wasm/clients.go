//go:build js && wasm

package main

import (
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"honnef.co/go/js/dom/v2"
)

// clientRow is one client's row in the clients panel.
type clientRow struct {
	root  dom.Element
	state dom.Element
	next  dom.Element
	last  clientView
}

func (u *ui) renderClients(cs []clientView) {
	for _, c := range cs {
		r := u.rowByName[c.name]
		if r == nil {
			r = u.newRow(c)
			u.rowByName[c.name] = r
		}
		r.update(c)
	}
}

func (u *ui) newRow(c clientView) *clientRow {
	r := &clientRow{root: u.el("li", "")}
	r.root.SetAttribute("data-client", c.name)
	name := u.el("span", "cname")
	name.SetTextContent(c.name)
	r.state = u.el("span", "cstate")
	r.next = u.button(c.name, "", "primary")
	r.root.AppendChild(name)
	r.root.AppendChild(r.state)
	r.root.AppendChild(r.next)
	for _, act := range []string{client.ActAuthWrong, client.ActClose, client.ActDrop} {
		r.root.AppendChild(u.button(c.name, act, ""))
	}
	u.clients.AppendChild(r.root)
	return r
}

func (u *ui) button(clientName, action, class string) dom.Element {
	b := u.el("button", class)
	b.SetAttribute("type", "button")
	b.SetAttribute("data-client", clientName)
	b.SetAttribute("data-action", action)
	b.SetTextContent(action)
	b.SetAttribute("aria-label", action+" "+clientName)
	return b
}

func (r *clientRow) update(c clientView) {
	if c == r.last {
		return
	}
	text := c.state
	if c.jid != "" {
		text += " as " + c.jid
	}
	if c.lastErr != "" {
		text += " (" + c.lastErr + ")"
	}
	r.state.SetTextContent(text)
	label := c.next
	if label == "" {
		label = "waiting…"
		r.next.SetAttribute("disabled", "")
	} else {
		r.next.RemoveAttribute("disabled")
	}
	r.next.SetTextContent(label)
	r.next.SetAttribute("data-action", c.next)
	r.next.SetAttribute("aria-label", label+" "+c.name)
	r.last = c
}

// bind connects the page's controls to engine inputs. Handlers only
// queue work.
func (u *ui) bind(a *app) {
	id := u.doc.GetElementByID
	id("btn-step").AddEventListener("click", false, func(dom.Event) { a.do(a.stepOne, nil) })
	id("btn-idle").AddEventListener("click", false, func(dom.Event) { a.do(a.runIdle, nil) })
	id("btn-wait").AddEventListener("click", false, func(dom.Event) {
		a.do(func() error { a.eng.Advance(300 * time.Second); return nil }, nil)
	})
	id("btn-play").AddEventListener("click", false, func(dom.Event) { a.player.toggle() })
	id("add-client").AddEventListener("submit", false, func(ev dom.Event) {
		ev.PreventDefault()
		spec := client.Spec{
			User:     inputValue(id("in-user")),
			Password: inputValue(id("in-pass")),
			Resource: inputValue(id("in-res")),
		}
		a.do(func() error { _, err := a.addClient(spec); return err }, nil)
	})
	u.clients.AddEventListener("click", false, func(ev dom.Event) {
		t := ev.Target()
		name, action := t.GetAttribute("data-client"), t.GetAttribute("data-action")
		if t.TagName() != "BUTTON" || name == "" || action == "" {
			return
		}
		a.do(func() error { return a.eng.Act(name, action) }, nil)
	})
}

func inputValue(e dom.Element) string {
	return e.Underlying().Get("value").String()
}

func (a *app) stepOne() error {
	a.eng.Step()
	return nil
}

func (a *app) runIdle() error {
	a.eng.Run(10000)
	return nil
}

// addClient creates the account when it does not exist yet, with the
// given password, then the client.
func (a *app) addClient(spec client.Spec) (*client.Client, error) {
	if !a.eng.HasAccount(spec.User) {
		if err := a.eng.AddAccount(spec.User, spec.Password); err != nil {
			return nil, err
		}
	}
	return a.eng.AddClient(spec)
}

// player steps the engine on a wall-clock ticker while playing. Wall time
// only paces the animation; the engine's own time stays virtual.
type player struct {
	a       *app
	playing bool
	stop    chan struct{}
}

func (p *player) toggle() {
	btn := p.a.doc.GetElementByID("btn-play")
	if p.playing {
		close(p.stop)
		p.playing = false
		btn.SetTextContent("Play")
		btn.SetAttribute("aria-pressed", "false")
		return
	}
	p.playing = true
	p.stop = make(chan struct{})
	btn.SetTextContent("Pause")
	btn.SetAttribute("aria-pressed", "true")
	go p.loop(p.stop)
}

func (p *player) loop(stop chan struct{}) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.a.do(p.a.stepOne, nil)
		}
	}
}

var _ = engine.Wire
