//go:build js && wasm

package main

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// clientsPanel adds clients and gives each a row: its state, its next
// lifecycle action, every action, a stanza form and a raw-XML box.
type clientsPanel struct {
	a                    *app
	list, count, logPick elem
	rows                 map[string]*clientRow
	scr                  screen
}

// clientRow is one client's row.
type clientRow struct {
	root, state, next elem
	last              view.Client
}

func newClientsPanel(a *app) *clientsPanel {
	p := &clientsPanel{a: a, list: byID("client-list"), count: byID("client-count"), logPick: byID("f-client"),
		rows: make(map[string]*clientRow), scr: screen{}}
	on(byID("add-client"), "submit", func(ev event) {
		ev.PreventDefault()
		user, pass, res := value(byID("in-user")), value(byID("in-pass")), value(byID("in-res"))
		a.do(func() error { return a.b.AddClient(user, pass, res, false) }, nil)
	})
	on(p.list, "click", p.click)
	on(byID("client-filter"), "input", func(event) {
		a.deck.Filter(strings.TrimSpace(value(byID("client-filter"))))
		a.do(func() error { return nil }, nil)
	})
	return p
}

// click handles every button of every row.
func (p *clientsPanel) click(ev event) {
	a := p.a
	if name, _ := dataOf(ev, "remove"); name != "" {
		a.act(engine.Input{Op: engine.OpRemoveClient, Name: name})
	} else if name, _ := dataOf(ev, "twin"); name != "" {
		a.do(func() error { return a.b.Twin(name) }, nil)
	} else if name, _ := dataOf(ev, "send"); name != "" {
		a.act(engine.Input{Op: engine.OpSend, Name: name, Raw: value(p.field("textarea[data-raw", name))})
	} else if name, _ := dataOf(ev, "actwith"); name != "" {
		action, args := value(p.field("select[data-argact", name)), view.ParseArgs(value(p.field("input[data-args", name)))
		a.act(engine.Input{Op: engine.OpAct, Name: name, Action: action, Args: args})
	} else if action, b := dataOf(ev, "action"); action != "" && !b.HasAttribute("disabled") {
		a.act(engine.Input{Op: engine.OpAct, Name: b.GetAttribute("data-client"), Action: action})
	}
}

// field finds a row's form field by its data attribute ("select[data-x").
func (p *clientsPanel) field(sel, name string) elem {
	return query(sel + "='" + cssEscape(name) + "']")
}

func (p *clientsPanel) render(f frame) {
	seen := make(map[string]bool, len(f.Clients))
	for _, c := range f.Clients {
		seen[c.Name] = true
		r := p.rows[c.Name]
		if r == nil {
			r = newRow(c)
			p.rows[c.Name] = r
			p.list.AppendChild(r.root)
			p.logPick.AppendChild(set(txt("option", "", c.Name), "value", c.Name))
		}
		r.update(c)
	}
	for name, r := range p.rows {
		if !seen[name] {
			r.root.Remove()
			delete(p.rows, name)
			if o := query("#f-client option[value='" + cssEscape(name) + "']"); o != nil {
				o.Remove()
			}
		}
	}
	p.scr.text(p.count, f.ClientsShown())
}

func newRow(c view.Client) *clientRow {
	r := &clientRow{state: el("span", "cstate"), next: actionButton(c.Name, "", "primary")}
	acts := set(el("div", "acts"), "role", "group", "aria-label", "actions of "+c.Name)
	for _, act := range client.Actions {
		acts.AppendChild(actionButton(c.Name, act, ""))
	}
	raw := set(el("textarea", "raw"), "rows", "2", "aria-label", "raw XML for "+c.Name+" to send exactly as typed",
		"placeholder", "<message to='bob@localhost'><body>hi</body></message>", "data-raw", c.Name)
	send := button("Send raw", "Send raw XML as "+c.Name, "", "data-send", c.Name)
	remove := button("Remove", "Remove the client "+c.Name+", dropping its connection", "remove", "data-remove", c.Name)
	twin := button("Twin", "Twin: add a client with "+c.Name+"'s account and resource", "twin", "data-twin", c.Name,
		"title", "A second client on the same account and resource: bind both to see conflict_resolve at work")
	r.root = set(el("li", "", txt("span", "cname", c.Name), r.state, r.next, remove, twin, acts, stanzaForm(c.Name),
		el("div", "rawbox", raw, send)), "data-client", c.Name)
	return r
}

// stanzaForm is a client's form for the actions that send a stanza, with
// their arguments written as key=value pairs separated by semicolons.
func stanzaForm(name string) elem {
	sel := set(el("select", ""), "data-argact", name, "aria-label", "stanza action for "+name)
	for _, act := range client.StanzaActions {
		sel.AppendChild(set(txt("option", "", act), "value", act))
	}
	args := set(el("input", "args"), "data-args", name, "aria-label", "arguments, as key=value; key=value",
		"placeholder", view.ArgHints[client.StanzaActions[0]])
	on(sel, "change", func(event) { args.SetAttribute("placeholder", view.ArgHints[value(sel)]) })
	do := button("Do", "Do the stanza action as "+name, "", "data-actwith", name)
	return el("div", "stanzabox", sel, args, do)
}

func actionButton(clientName, action, class string) elem {
	return button(action, action+" "+clientName, class, "data-client", clientName, "data-action", action)
}

func (r *clientRow) update(c view.Client) {
	if c == r.last {
		return
	}
	r.state.SetTextContent(c.Status())
	label := c.NextLabel()
	prop(r.next, "disabled", c.Next == "")
	r.next.SetTextContent(label)
	set(r.next, "data-action", c.Next, "aria-label", label+" "+c.Name+" (next lifecycle step)")
	r.last = c
}
