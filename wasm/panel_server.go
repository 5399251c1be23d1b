//go:build js && wasm

package main

import (
	"reflect"
	"strconv"
	"strings"
	"time"

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
		a.do(func() error {
			if err := a.tl.Configure(c); err != nil {
				return err
			}
			a.flash("Configuration applied.")
			return nil
		}, nil)
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
	names := make([]string, 0, len(f.Accounts))
	for _, acc := range f.Accounts {
		names = append(names, acc.Name)
	}
	s.text(byID("srv-accounts"), dash(strings.Join(names, ", ")))
	note := map[bool]string{true: "(editable until the first input)", false: "(fixed for this run)"}[f.Configurable]
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

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
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
	lines := storedLines(acc)
	for _, s := range lines {
		li.AppendChild(txt("span", "stored", s))
	}
	if len(lines) == 0 {
		li.AppendChild(txt("span", "stored hint", "no roster or offline messages stored"))
	}
	return li
}

// storedLines are the lines shown under an account.
func storedLines(acc view.Account) []string {
	var out []string
	if acc.Roster != nil {
		out = append(out, "roster: "+strconv.Itoa(len(acc.Roster))+" stored")
		for _, r := range acc.Roster {
			out = append(out, "  "+r)
		}
	}
	if len(acc.Offline) > 0 {
		out = append(out, "offline: "+strconv.Itoa(len(acc.Offline))+" message(s) waiting")
		for _, m := range acc.Offline {
			out = append(out, "  "+m)
		}
	}
	if acc.Problem != "" {
		out = append(out, "unreadable: "+acc.Problem)
	}
	return out
}

var configFields = []string{"cfg-host", "cfg-conflict", "cfg-size", "cfg-timeout", "cfg-close"}

func fillConfig(f frame) {
	c := f.Config
	for id, v := range map[string]any{"cfg-host": c.Hosts[0], "cfg-conflict": c.ConflictResolve, "cfg-size": c.StanzaSizeLimit,
		"cfg-timeout": c.Timeout.Duration().Seconds(), "cfg-close": c.CloseTimeout.Duration().Seconds()} {
		prop(byID(id), "value", v)
	}
	for _, id := range configFields {
		prop(byID(id), "disabled", !f.Configurable)
	}
}

// readConfig reads the configuration form over the current configuration.
func (p *serverPanel) readConfig() (server.Config, error) {
	p.a.mu.Lock()
	c := p.a.frame.Config
	p.a.mu.Unlock()
	c.Hosts = append([]string(nil), c.Hosts...)
	host := strings.TrimSpace(value(byID("cfg-host")))
	if host == "" {
		return c, errFormat("host is empty")
	}
	c.Hosts[0] = host
	c.ConflictResolve = value(byID("cfg-conflict"))
	var err error
	if c.StanzaSizeLimit, err = strconv.Atoi(value(byID("cfg-size"))); err != nil {
		return c, errFormat("c2s_stanza_size_limit is not a number")
	}
	if c.Timeout, err = seconds("cfg-timeout"); err != nil {
		return c, err
	}
	if c.CloseTimeout, err = seconds("cfg-close"); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func seconds(id string) (server.Seconds, error) {
	f, err := strconv.ParseFloat(value(byID(id)), 64)
	if err != nil || f <= 0 {
		return 0, errFormat(id + " must be a positive number of seconds")
	}
	return server.Seconds(time.Duration(f * float64(time.Second))), nil
}

type errFormat string

func (e errFormat) Error() string { return "configuration: " + string(e) }
