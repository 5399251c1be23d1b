//go:build js && wasm

package main

import (
	"reflect"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"
)

// ui holds handles to the page's elements, built once and updated in
// place. Only the event-loop goroutine (handlers, animation frames)
// touches it, except flash and banner, which only set text.
type ui struct {
	status, banner                       js.Value
	host, clock, step, pending, accounts js.Value
	clients, log, detail, network        js.Value
	position, scrubber, speed, speedOut  js.Value
	forkBar, forkText, sessionCount      js.Value
	flightCount                          js.Value
	accountList, narration, configNote   js.Value
	buttons                              []js.Value
	deck                                 deck
	badges                               invariantBadges
	flights                              map[uint64]js.Value
	rowByName                            map[string]*clientRow
	logs                                 logView
	last                                 view
	rendered                             bool
}

func newUI() *ui {
	u := &ui{
		status: byID("status"), banner: byID("banner"), host: byID("srv-host"), clock: byID("srv-time"),
		step: byID("srv-step"), pending: byID("srv-pending"), accounts: byID("srv-accounts"),
		deck: newDeck(), clients: byID("client-list"), log: byID("log"), detail: byID("log-detail"),
		network: byID("network"), position: byID("position"), scrubber: byID("scrubber"), speed: byID("speed"),
		speedOut: byID("speed-out"), forkBar: byID("fork-bar"), forkText: byID("fork-text"),
		sessionCount: byID("session-count"), flightCount: byID("flight-count"), accountList: byID("account-list"), narration: byID("narration"),
		configNote: byID("config-note"),
		rowByName:  make(map[string]*clientRow), logs: newLogView(),
	}
	for _, b := range []string{"btn-step", "btn-play", "btn-idle", "btn-wait", "btn-add", "btn-back", "btn-start",
		"btn-end", "btn-account", "btn-lesson", "btn-save-scs", "btn-lesson-prev", "btn-lesson-next"} {
		u.buttons = append(u.buttons, byID(b))
	}
	return u
}

func (u *ui) ready() {
	for _, b := range u.buttons {
		b.Call("removeAttribute", "disabled")
	}
	u.status.Set("textContent", "Ready. Add a client, then press its button to take it through its lifecycle.")
	u.status.Get("dataset").Set("ready", "true")
}

// flash shows a message in the status line. It only sets text.
func (u *ui) flash(msg string) { u.status.Set("textContent", msg) }

// showBanner shows a storage problem; "" hides the banner.
func (u *ui) showBanner(msg string) {
	u.banner.Set("textContent", msg)
	u.banner.Set("hidden", msg == "")
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

// render applies the latest view to the page, touching only what changed.
func (a *app) render() {
	start := time.Now()
	defer func() {
		a.mu.Lock()
		a.stats.Render = ms(time.Since(start))
		a.stats.Renders++
		a.mu.Unlock()
	}()
	v := a.snapshot()
	if !v.published {
		return // a scroll or resize before the first view: publish asks again
	}
	u := a.ui
	// The virtual lists read the layout first, and write first: they
	// scroll, which lays out again, cheaply while the rest is untouched.
	cards, logs := u.deck.measure(), u.logs.measure()
	u.logs.render(a, v, logs)
	u.renderCards(a, v, cards)
	old := u.last
	fresh := !u.rendered || old.gen != v.gen
	setIf(u.host, old.host, v.host, fresh)
	setIf(u.clock, old.now, v.now, fresh)
	setIf(u.step, strconv.Itoa(old.engineStep), strconv.Itoa(v.engineStep), fresh)
	setIf(u.pending, strconv.Itoa(old.pending), strconv.Itoa(v.pending), fresh)
	u.renderTimeline(v)
	u.renderServer(v)
	u.renderClients(v.clients)
	if v.clientCount > len(v.clients) {
		setText(byID("client-count"), strconv.Itoa(len(v.clients))+" of "+strconv.Itoa(v.clientCount)+" shown")
	} else {
		setText(byID("client-count"), "")
	}
	u.renderNetwork(v)
	u.badges.render(v.invariants)
	if v.narration != old.narration || fresh {
		if v.narration != "" {
			setText(u.narration, v.narration)
		}
	}
	u.last, u.rendered = v, true
}

func setIf(e js.Value, old, now string, force bool) {
	if force || old != now {
		setText(e, now)
	}
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (u *ui) renderTimeline(v view) {
	pos := "step " + strconv.Itoa(v.step) + " / " + strconv.Itoa(v.total)
	setText(u.position, pos)
	u.scrubber.Set("max", v.total)
	if !u.scrubbing() {
		u.scrubber.Set("value", v.step)
	}
	u.scrubber.Call("setAttribute", "aria-valuetext", pos)
	u.forkBar.Set("hidden", v.fork == "")
	if v.fork != "" {
		setText(u.forkText, "You are at step "+strconv.Itoa(v.step)+" of "+strconv.Itoa(v.total)+
			". Doing “"+v.fork+"” here forks the run and drops the "+strconv.Itoa(v.total-v.step)+" later step(s).")
		byID("btn-fork-yes").Call("focus")
	}
}

func (u *ui) scrubbing() bool {
	return document.Get("activeElement").Equal(u.scrubber)
}

func (u *ui) renderServer(v view) {
	names := make([]string, 0, len(v.accounts))
	for _, acc := range v.accounts {
		names = append(names, acc.name)
	}
	setText(u.accounts, dash(strings.Join(names, ", ")))
	if v.configurable {
		setText(u.configNote, "(editable until the first input)")
	} else {
		setText(u.configNote, "(fixed for this run)")
	}
	byID("btn-config").Set("disabled", !v.configurable)
	if !u.rendered || !sameAccounts(u.last.accounts, v.accounts) {
		u.renderAccounts(v.accounts)
	}
	if !u.rendered || !reflect.DeepEqual(u.last.config, v.config) || u.last.configurable != v.configurable {
		fillConfig(v)
	}
}

func sameAccounts(a, b []accountView) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name || a[i].disabled != b[i].disabled || strings.Join(a[i].stored, "\n") != strings.Join(b[i].stored, "\n") {
			return false
		}
	}
	return true
}

func (u *ui) renderAccounts(accs []accountView) {
	clear(u.accountList)
	for _, acc := range accs {
		li := attr(elem("li", ""), "data-account", acc.name)
		name := textElem("span", "aname", acc.name)
		setClass(li, "disabled", acc.disabled)
		label, aria := "Disable", "disable the account "+acc.name
		if acc.disabled {
			label, aria = "Enable", "enable the account "+acc.name
			add(name, textElem("span", "hint", " (disabled)"))
		}
		toggle := attr(button(label, aria, "toggle"), "data-disable", acc.name)
		attr(toggle, "data-to", strconv.FormatBool(!acc.disabled))
		del := attr(button("Delete", "delete the account "+acc.name+" with its roster and offline messages", "remove"), "data-delete", acc.name)
		add(li, add(elem("div", "arow"), name, toggle, del))
		for _, s := range acc.stored {
			add(li, textElem("span", "stored", s))
		}
		if len(acc.stored) == 0 {
			add(li, textElem("span", "stored hint", "no roster or offline messages stored"))
		}
		add(u.accountList, li)
	}
}

func fillConfig(v view) {
	c := v.config
	byID("cfg-host").Set("value", c.Hosts[0])
	byID("cfg-conflict").Set("value", c.ConflictResolve)
	byID("cfg-size").Set("value", c.StanzaSizeLimit)
	byID("cfg-timeout").Set("value", c.Timeout.Duration().Seconds())
	byID("cfg-close").Set("value", c.CloseTimeout.Duration().Seconds())
	for _, id := range []string{"cfg-host", "cfg-conflict", "cfg-size", "cfg-timeout", "cfg-close"} {
		byID(id).Set("disabled", !v.configurable)
	}
}
