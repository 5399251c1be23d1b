//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/server"
)

// bind connects the page's panels to engine inputs. Handlers only queue
// work on the worker.
func (u *ui) bind(a *app) {
	a.bindClients()
	a.bindLog()
	a.bindNetwork()
	a.lessons.bind()
	a.bindServer()
	a.bindCards()
}

// bindServer connects the configuration form and the accounts.
func (a *app) bindServer() {
	u := a.ui
	on(byID("add-account"), "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		user, pass := value(byID("acc-user")), value(byID("acc-pass"))
		a.do(func() error { return a.input(engine.Input{Op: engine.OpAccount, User: user, Password: pass}, false) }, nil)
	})
	on(byID("config"), "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		c, err := readConfig(a)
		if err != nil {
			u.flash(err.Error())
			return
		}
		a.do(func() error {
			if err := a.tl.Configure(c); err != nil {
				return err
			}
			u.flash("Configuration applied.")
			return nil
		}, nil)
	})
	on(byID("account-list"), "click", func(ev js.Value) {
		if user, _ := closestData(ev, "delete"); user != "" {
			a.do(func() error { return a.input(engine.Input{Op: engine.OpDeleteAccount, User: user}, false) }, nil)
			return
		}
		user, b := closestData(ev, "disable")
		if user == "" {
			return
		}
		to := b.Call("getAttribute", "data-to").String() == "true"
		a.do(func() error { return a.input(engine.Input{Op: engine.OpDisable, User: user, Disabled: to}, false) }, nil)
	})
}

// bindCards connects the dismiss buttons, the card scroller and the
// client filter.
func (a *app) bindCards() {
	a.bindDeck()
	on(a.ui.deck.list, "click", func(ev js.Value) {
		if id, _ := closestData(ev, "dismiss"); id != "" {
			a.do(func() error { return a.input(engine.Input{Op: engine.OpDismiss, ID: id}, false) }, nil)
		}
	})
	on(byID("client-filter"), "input", func(js.Value) {
		a.mu.Lock()
		a.clientFilter = strings.TrimSpace(value(byID("client-filter")))
		a.mu.Unlock()
		a.do(func() error { return nil }, nil)
	})
}

// readConfig reads the configuration form over the current configuration.
func readConfig(a *app) (server.Config, error) {
	a.mu.Lock()
	c := a.view.config
	a.mu.Unlock()
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
	secs := func(id string) (server.Seconds, error) {
		f, err := strconv.ParseFloat(value(byID(id)), 64)
		if err != nil || f <= 0 {
			return 0, errFormat(id + " must be a positive number of seconds")
		}
		return server.Seconds(time.Duration(f * float64(time.Second))), nil
	}
	if c.Timeout, err = secs("cfg-timeout"); err != nil {
		return c, err
	}
	if c.CloseTimeout, err = secs("cfg-close"); err != nil {
		return c, err
	}
	return c, c.Validate()
}

type errFormat string

func (e errFormat) Error() string { return "configuration: " + string(e) }
