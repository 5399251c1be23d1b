//go:build js && wasm

package main

import (
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// view is a plain-value picture of the engine for one render.
type view struct {
	host     string
	now      string
	step     int
	pending  int
	accounts []string
	sessions []session.Snapshot
	changed  map[string]map[string]session.Change // session id -> field -> change in the last step
	clients  []clientView
	log      []logLine
	logBase  int // index of log[0] in the whole log
}

type clientView struct {
	name, user, state, next, jid, lastErr string
}

type logLine struct {
	step      int
	dir, text string
}

const maxLog = 400

// observe collects what the last step changed and what crossed the wire.
// It runs on the worker goroutine, inside engine calls.
func (a *app) observe(ev engine.Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := &a.view
	switch ev.Kind {
	case engine.StepBegin:
		v.changed = make(map[string]map[string]session.Change)
	case engine.SessionCreated, engine.SessionChanged:
		if v.changed == nil {
			v.changed = make(map[string]map[string]session.Change)
		}
		m := v.changed[ev.SessionID]
		if m == nil {
			m = make(map[string]session.Change)
			v.changed[ev.SessionID] = m
		}
		for _, c := range ev.Changes {
			m[c.Field] = c
		}
	case engine.Wire:
		text := ev.Raw
		if ev.What != "data" {
			text = "[" + ev.What + "]"
		}
		v.log = append(v.log, logLine{step: ev.Step, dir: ev.Dir, text: ev.Conn + " " + ev.Client + "  " + text})
		if len(v.log) > maxLog {
			drop := len(v.log) - maxLog
			v.log = append([]logLine(nil), v.log[drop:]...)
			v.logBase += drop
		}
	case engine.TimerFired:
		v.log = append(v.log, logLine{step: ev.Step, dir: "timer", text: "timer " + ev.What})
	}
}

// publish copies the engine's state into the view and asks for a frame.
func (a *app) publish() {
	e := a.eng
	sessions := e.Sessions()
	var clients []clientView
	for _, c := range e.Clients() {
		clients = append(clients, clientView{
			name: c.Name, user: c.User, state: string(c.State()), next: c.Next(), jid: c.JID(), lastErr: c.LastError(),
		})
	}
	accounts, _ := e.Server().Store().Accounts(e.Config().Server.Hosts[0])
	a.mu.Lock()
	a.view.host = e.Config().Server.Hosts[0]
	a.view.now = "T+" + e.Now().Sub(clock.Epoch).String()
	a.view.step = e.StepCount()
	a.view.pending = e.Pending()
	a.view.accounts = accounts
	a.view.sessions = sessions
	a.view.clients = clients
	a.mu.Unlock()
	a.requestFrame()
}

// snapshot returns a copy of the view for rendering.
func (a *app) snapshot() view {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := a.view
	v.log = append([]logLine(nil), a.view.log...)
	v.pending = a.view.pending
	a.pending = false
	return v
}

// clientNames returns the names of the clients in the last view.
func (a *app) clientNames() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, c := range a.view.clients {
		out = append(out, c.name)
	}
	return out
}

var _ = client.ActConnect
