//go:build js && wasm

package main

import (
	"fmt"
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// clientRow is one client's row in the clients panel.
type clientRow struct {
	root, state, next js.Value
	last              clientView
}

func (u *ui) renderClients(cs []clientView) {
	seen := make(map[string]bool, len(cs))
	for _, c := range cs {
		seen[c.name] = true
		r := u.rowByName[c.name]
		if r == nil {
			r = newRow(c)
			u.rowByName[c.name] = r
			add(u.clients, r.root)
			addOption(byID("f-client"), c.name)
		}
		r.update(c)
	}
	for name, r := range u.rowByName {
		if !seen[name] {
			r.root.Call("remove")
			delete(u.rowByName, name)
			removeOption(byID("f-client"), name)
		}
	}
}

func addOption(sel js.Value, v string) {
	o := textElem("option", "", v)
	o.Set("value", v)
	add(sel, o)
}

// removeOption removes the option whose value is v.
func removeOption(sel js.Value, v string) {
	opts := sel.Get("options")
	for i := opts.Length() - 1; i >= 0; i-- {
		if o := opts.Index(i); o.Get("value").String() == v {
			o.Call("remove")
		}
	}
}

func newRow(c clientView) *clientRow {
	r := &clientRow{root: attr(elem("li", ""), "data-client", c.name)}
	r.state = elem("span", "cstate")
	r.next = actionButton(c.name, "", "primary")
	acts := attr(elem("div", "acts"), "role", "group")
	attr(acts, "aria-label", "actions of "+c.name)
	for _, act := range client.Actions {
		add(acts, actionButton(c.name, act, ""))
	}
	add(r.root, stanzaForm(c.name))
	raw := attr(elem("textarea", "raw"), "rows", "2")
	attr(raw, "aria-label", "raw XML for "+c.name+" to send exactly as typed")
	attr(raw, "placeholder", "<message to='bob@localhost'><body>hi</body></message>")
	attr(raw, "data-raw", c.name)
	send := attr(button("Send raw", "send the raw XML as "+c.name, ""), "data-send", c.name)
	form := add(elem("div", "rawbox"), raw, send)
	remove := attr(button("Remove", "remove the client "+c.name+", dropping its connection", "remove"), "data-remove", c.name)
	twin := attr(button("Twin", "add a client with "+c.name+"'s account and resource: bind both to see conflict_resolve at work", "twin"), "data-twin", c.name)
	attr(twin, "title", "A second client on the same account and resource: bind both to see conflict_resolve at work")
	r.root.Call("prepend", textElem("span", "cname", c.name), r.state, r.next, remove, twin, acts)
	add(r.root, form)
	return r
}

// argHints shows, for each stanza action, the arguments it takes.
var argHints = map[string]string{
	client.ActRosterGet:    "ver=",
	client.ActRosterSet:    "jid=bob@localhost; name=Bob; groups=Friends",
	client.ActRosterRemove: "jid=bob@localhost",
	client.ActPresence:     "show=away; status=lunch; priority=5",
	client.ActSubscribe:    "to=bob@localhost",
	client.ActSubscribed:   "to=bob@localhost",
	client.ActUnsubscribe:  "to=bob@localhost",
	client.ActUnsubscribed: "to=bob@localhost",
	client.ActMessage:      "to=bob@localhost; type=chat; body=hello",
}

// stanzaForm is a client's form for the actions that send a stanza, with
// their arguments written as key=value pairs separated by semicolons.
func stanzaForm(name string) js.Value {
	box := elem("div", "stanzabox")
	sel := attr(elem("select", ""), "data-argact", name)
	attr(sel, "aria-label", "stanza action for "+name)
	for _, act := range client.StanzaActions {
		o := textElem("option", "", act)
		o.Set("value", act)
		add(sel, o)
	}
	args := attr(elem("input", "args"), "data-args", name)
	attr(args, "aria-label", "arguments, as key=value; key=value")
	attr(args, "placeholder", argHints[client.StanzaActions[0]])
	on(sel, "change", func(js.Value) { attr(args, "placeholder", argHints[value(sel)]) })
	do := attr(button("Do", "perform the stanza action as "+name, ""), "data-actwith", name)
	return add(box, sel, args, do)
}

// parseArgs reads "key=value; key=value" pairs.
func parseArgs(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		if k = strings.TrimSpace(k); ok && k != "" {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out
}

func actionButton(clientName, action, class string) js.Value {
	b := button(action, action+" "+clientName, class)
	attr(b, "data-client", clientName)
	attr(b, "data-action", action)
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
	setText(r.state, text)
	label := c.next
	if label == "" {
		label = "waiting…"
	}
	r.next.Set("disabled", c.next == "")
	setText(r.next, label)
	attr(r.next, "data-action", c.next)
	attr(r.next, "aria-label", label+" "+c.name+" (next lifecycle step)")
	r.last = c
}

// bindClients connects the clients panel: every handler only queues work.
func (a *app) bindClients() {
	on(byID("add-client"), "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		user, pass, res := value(byID("in-user")), value(byID("in-pass")), value(byID("in-res"))
		a.do(func() error { return a.addClient(user, pass, res, false) }, nil)
	})
	on(byID("client-list"), "click", func(ev js.Value) {
		if name, _ := closestData(ev, "remove"); name != "" {
			a.do(func() error { return a.input(engine.Input{Op: engine.OpRemoveClient, Name: name}, false) }, nil)
			return
		}
		if name, _ := closestData(ev, "twin"); name != "" {
			a.do(func() error {
				c := a.tl.Engine().Client(name)
				if c == nil {
					return fmt.Errorf("no client named %q", name)
				}
				return a.addClient(c.User, c.Password, c.Resource, false)
			}, nil)
			return
		}
		if name, _ := closestData(ev, "send"); name != "" {
			box := document.Call("querySelector", "textarea[data-raw='"+cssEscape(name)+"']")
			raw := value(box)
			a.do(func() error { return a.input(engine.Input{Op: engine.OpSend, Name: name, Raw: raw}, false) }, nil)
			return
		}
		if name, _ := closestData(ev, "actwith"); name != "" {
			q := "[data-argact='" + cssEscape(name) + "']"
			action := value(document.Call("querySelector", "select"+q))
			args := parseArgs(value(document.Call("querySelector", "input[data-args='"+cssEscape(name)+"']")))
			a.do(func() error {
				return a.input(engine.Input{Op: engine.OpAct, Name: name, Action: action, Args: args}, false)
			}, nil)
			return
		}
		action, b := closestData(ev, "action")
		if action == "" || b.Get("disabled").Bool() {
			return
		}
		name := b.Call("getAttribute", "data-client").String()
		a.do(func() error { return a.input(engine.Input{Op: engine.OpAct, Name: name, Action: action}, false) }, nil)
	})
}

func cssEscape(s string) string {
	return js.Global().Get("CSS").Call("escape", s).String()
}

// addClient creates the account when it does not exist yet, with the
// given password, then the client; both are recorded inputs.
func (a *app) addClient(user, pass, res string, force bool) error {
	var ins []engine.Input
	if !a.tl.Engine().HasAccount(user) {
		ins = append(ins, engine.Input{Op: engine.OpAccount, User: user, Password: pass})
	}
	spec := client.Spec{User: user, Password: pass, Resource: res}
	return a.inputs(force, append(ins, engine.Input{Op: engine.OpClient, Client: &spec})...)
}
