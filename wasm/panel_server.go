//go:build js && wasm

package main

import (
	"reflect"
	"strconv"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/view"
)

// serverPanel shows the server's facts, edits its configuration before a
// run, and adds, disables and deletes accounts, listing what is stored for
// each.
type serverPanel struct {
	a            *app
	list, note   elem
	scr          screen
	lastAccounts []view.Account
	lastConfig   server.Config
	configurable string
}

func newServerPanel(a *app) *serverPanel {
	p := &serverPanel{a: a, list: byID("account-list"), note: byID("config-note"), scr: screen{}}
	on(byID("add-account"), "submit", func(ev event) {
		ev.PreventDefault()
		a.act(engine.Input{Op: engine.OpAccount, User: value(byID("acc-user")), Password: value(byID("acc-pass"))})
	})
	on(byID("config"), "submit", func(ev event) {
		ev.PreventDefault()
		c, err := p.readConfig()
		if err != nil {
			a.flash(err.Error())
			return
		}
		a.do(func() error { return a.b.Configure(c) }, nil)
	})
	on(p.list, "click", func(ev event) {
		if user, _ := dataOf(ev, "delete"); user != "" {
			a.act(engine.Input{Op: engine.OpDeleteAccount, User: user})
		} else if user, b := dataOf(ev, "disable"); user != "" {
			a.act(engine.Input{Op: engine.OpDisable, User: user, Disabled: b.GetAttribute("data-to") == "true"})
		}
	})
	return p
}

func (p *serverPanel) render(f frame) {
	s := p.scr
	s.text(byID("srv-host"), f.Host)
	s.text(byID("srv-time"), f.Now)
	s.text(byID("srv-step"), strconv.Itoa(f.EngineStep))
	s.text(byID("srv-pending"), strconv.Itoa(f.Pending))
	s.text(byID("srv-accounts"), f.AccountNames())
	note := f.ConfigNote()
	s.text(p.note, note)
	prop(byID("btn-config"), "disabled", !f.Configurable)
	if !reflect.DeepEqual(p.lastAccounts, f.Accounts) || p.lastAccounts == nil {
		p.renderAccounts(f.Accounts)
		p.lastAccounts = append([]view.Account{}, f.Accounts...)
	}
	if !reflect.DeepEqual(p.lastConfig, f.Config) || p.configurable != note {
		fillConfig(f)
		p.lastConfig, p.configurable = f.Config, note
	}
}

func (p *serverPanel) renderAccounts(accs []view.Account) {
	kids := make([]elem, 0, len(accs))
	for _, acc := range accs {
		kids = append(kids, accountItem(acc))
	}
	replace(p.list, kids...)
}

// accountItem is one account's item: its name, Disable or Enable, Delete,
// and a line for each stored contact and offline message.
func accountItem(acc view.Account) elem {
	name := txt("span", "aname", acc.Name)
	label, verb := "Disable", "disable"
	if acc.Disabled {
		label, verb = "Enable", "enable"
		name.AppendChild(txt("span", "hint", " (disabled)"))
	}
	toggle := button(label, verb+" the account "+acc.Name, "toggle", "data-disable", acc.Name, "data-to", strconv.FormatBool(!acc.Disabled))
	del := button("Delete", "delete the account "+acc.Name+" with its roster and offline messages", "remove", "data-delete", acc.Name)
	li := set(el("li", "", el("div", "arow", name, toggle, del)), "data-account", acc.Name)
	classOn(li, "disabled", acc.Disabled)
	lines := acc.Lines()
	for _, s := range lines {
		li.AppendChild(txt("span", "stored", s))
	}
	if len(lines) == 0 {
		li.AppendChild(txt("span", "stored hint", "no roster or offline messages stored"))
	}
	return li
}

func fillConfig(f frame) {
	form := view.FormOf(f.Config)
	for id, v := range formFields(&form) {
		prop(byID(id), "value", *v)
		prop(byID(id), "disabled", !f.Configurable)
	}
}

// formFields are the form's inputs by id, pointing into form.
func formFields(form *view.ConfigForm) map[string]*string {
	return map[string]*string{"cfg-host": &form.Host, "cfg-conflict": &form.ConflictResolve, "cfg-size": &form.StanzaSizeLimit,
		"cfg-timeout": &form.Timeout, "cfg-close": &form.CloseTimeout, "cfg-modules": &form.Modules}
}

// readConfig reads the configuration form over the current configuration.
func (p *serverPanel) readConfig() (server.Config, error) {
	var form view.ConfigForm
	for id, v := range formFields(&form) {
		*v = value(byID(id))
	}
	return form.Apply(p.a.published().Config)
}
