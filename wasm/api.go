//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
)

// exposeAPI installs window.sessionscope, the console scripting API (see
// API.md). Every call that changes the simulation returns a Promise and
// runs on the worker goroutine through the same code the buttons use.
func (a *app) exposeAPI() {
	api := js.Global().Get("Object").New()
	for name, f := range map[string]func(js.Value, []js.Value) any{
		"addClient": a.apiAddClient, "act": a.apiAct, "send": a.apiSend, "step": a.apiStep,
		"sessions": a.apiSessions, "clients": a.apiClients, "back": a.apiBack, "forward": a.apiForward,
		"seek": a.apiSeek, "position": a.apiPosition, "drop": a.apiFault(engine.OpDrop),
		"delay": a.apiFault(engine.OpDelay), "load": a.apiLoad, "inFlight": a.apiInFlight,
		"scenario": a.apiScenario, "allSessions": a.apiAllSessions, "scrollToSession": a.apiScrollToSession,
		"crowd": a.apiCrowd, "reset": a.apiReset, "configure": a.apiConfigure, "stats": a.apiStats,
		"invariants":     a.apiInvariants,
		"removeClient":   a.apiInput(func(n string) engine.Input { return engine.Input{Op: engine.OpRemoveClient, Name: n} }),
		"deleteAccount":  a.apiInput(func(u string) engine.Input { return engine.Input{Op: engine.OpDeleteAccount, User: u} }),
		"disableAccount": a.apiInput(func(u string) engine.Input { return engine.Input{Op: engine.OpDisable, User: u, Disabled: true} }),
		"enableAccount":  a.apiInput(func(u string) engine.Input { return engine.Input{Op: engine.OpDisable, User: u} }),
	} {
		api.Set(name, js.FuncOf(f))
	}
	js.Global().Set("sessionscope", api)
}

// promise runs op on the worker and settles a Promise with its result.
func (a *app) promise(op func() (any, error)) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		var result any
		a.do(func() error {
			var err error
			result, err = op()
			return err
		}, func(err error) {
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(toJS(result))
		})
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release()
	return p
}

func (a *app) apiAddClient(_ js.Value, args []js.Value) any {
	var user, pass, res string
	if len(args) > 0 && args[0].Type() == js.TypeObject {
		o := args[0]
		user, pass, res = str(o, "user"), str(o, "password"), str(o, "resource")
	}
	return a.promise(func() (any, error) {
		if user == "" {
			return nil, errors.New("addClient needs {user, password, resource}")
		}
		if err := a.addClient(user, pass, res, true); err != nil {
			return nil, err
		}
		cs := a.tl.Engine().Clients()
		return cs[len(cs)-1].Name, nil
	})
}

func (a *app) apiAct(_ js.Value, args []js.Value) any {
	name, action := argString(args, 0), argString(args, 1)
	var with map[string]string
	if len(args) > 2 && args[2].Type() == js.TypeObject {
		_ = json.Unmarshal([]byte(js.Global().Get("JSON").Call("stringify", args[2]).String()), &with)
	}
	return a.promise(func() (any, error) {
		if err := a.input(engine.Input{Op: engine.OpAct, Name: name, Action: action, Args: with}, true); err != nil {
			return nil, err
		}
		return a.tl.Engine().Client(name).State(), nil
	})
}

// apiInput makes the API call for an input that names one client or
// account, built by in from the call's first argument.
func (a *app) apiInput(in func(name string) engine.Input) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) any {
		input := in(argString(args, 0))
		return a.promise(func() (any, error) { return nil, a.input(input, true) })
	}
}

func (a *app) apiSend(_ js.Value, args []js.Value) any {
	name, raw := argString(args, 0), argString(args, 1)
	return a.promise(func() (any, error) {
		return nil, a.input(engine.Input{Op: engine.OpSend, Name: name, Raw: raw}, true)
	})
}

// apiStep steps n times (until idle when n is missing or 0), replaying
// recorded inputs first when the run is back in time.
func (a *app) apiStep(_ js.Value, args []js.Value) any {
	n := argInt(args, 0, 0)
	return a.promise(func() (any, error) {
		if n <= 0 {
			n = 100000
		}
		return a.tl.Forward(n)
	})
}

func (a *app) apiForward(_ js.Value, args []js.Value) any {
	n := argInt(args, 0, 1)
	return a.promise(func() (any, error) { return a.tl.Forward(n) })
}

func (a *app) apiBack(_ js.Value, args []js.Value) any {
	n := argInt(args, 0, 1)
	return a.promise(func() (any, error) {
		if err := a.tl.Back(n); err != nil {
			return nil, err
		}
		return a.position(), nil
	})
}

func (a *app) apiSeek(_ js.Value, args []js.Value) any {
	n := argInt(args, 0, 0)
	return a.promise(func() (any, error) {
		if err := a.tl.Seek(n); err != nil {
			return nil, err
		}
		return a.position(), nil
	})
}

type position struct {
	Step  int `json:"step"`
	Total int `json:"total"`
}

func (a *app) position() position {
	s, t := a.tl.Position()
	return position{s, t}
}

// apiPosition answers from the last published view, synchronously.
func (a *app) apiPosition(js.Value, []js.Value) any {
	a.mu.Lock()
	p := position{a.view.step, a.view.total}
	a.mu.Unlock()
	return toJS(p)
}

// apiFault drops or delays a delivery in flight, by its number
// (inFlight() lists them); the fault is a recorded input.
func (a *app) apiFault(op string) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) any {
		id := ""
		if len(args) > 0 {
			id = args[0].String()
		}
		return a.promise(func() (any, error) {
			return nil, a.input(engine.Input{Op: op, ID: id}, true)
		})
	}
}

func (a *app) apiInFlight(js.Value, []js.Value) any {
	return a.promise(func() (any, error) {
		type fv struct {
			ID     string `json:"id"`
			Conn   string `json:"conn"`
			Client string `json:"client"`
			Dir    string `json:"dir"`
			Kind   string `json:"kind"`
			Data   string `json:"data"`
		}
		var out []fv
		for _, f := range flights(a) {
			out = append(out, fv{strconv.FormatUint(f.seq, 10), f.conn, f.client, f.dir, f.kind, f.raw})
		}
		return out, nil
	})
}

// apiLoad plays a .scs script and makes it the run, as the lessons menu
// does.
func (a *app) apiLoad(_ js.Value, args []js.Value) any {
	text := argString(args, 0)
	return a.promise(func() (any, error) {
		if err := a.lessons.load("console.scs", []byte(text)); err != nil {
			return nil, err
		}
		return a.position(), nil
	})
}

func (a *app) apiScenario(js.Value, []js.Value) any {
	return a.promise(func() (any, error) { return a.tl.Scenario(), nil })
}

// apiSessions returns, synchronously, the sessions whose cards the
// scroller shows now (with a row either side), as of the last published
// view.
func (a *app) apiSessions(js.Value, []js.Value) any {
	return toJS(a.shownSessions())
}

// apiScrollToSession scrolls the session cards to the card of a session,
// by its id. The Promise settles once the card is on the page, with {id,
// position} (position counts from 1), or rejects for an unknown id.
func (a *app) apiScrollToSession(_ js.Value, args []js.Value) any {
	id := argString(args, 0)
	executor := js.FuncOf(func(_ js.Value, p []js.Value) any {
		resolve, reject := p[0], p[1]
		a.do(func() error { return a.scrollTo(id, resolve, reject) }, func(err error) {
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
			}
		})
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release()
	return p
}

func (a *app) apiAllSessions(js.Value, []js.Value) any {
	return a.promise(func() (any, error) { return a.tl.Engine().Sessions(), nil })
}

// apiInvariants checks every session against the state table's rules.
func (a *app) apiInvariants(js.Value, []js.Value) any {
	return a.promise(func() (any, error) { return invariant.Check(a.tl.Engine().Server().Sessions()), nil })
}

func (a *app) apiClients(js.Value, []js.Value) any {
	return a.promise(func() (any, error) {
		type cv struct {
			Name  string `json:"name"`
			State string `json:"state"`
			Next  string `json:"next"`
			JID   string `json:"jid"`
		}
		var out []cv
		for _, c := range a.tl.Engine().Clients() {
			out = append(out, cv{c.Name, string(c.State()), c.Next(), c.JID()})
		}
		return out, nil
	})
}

// toJS converts a Go value to a plain JavaScript value through JSON.
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Undefined()
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

func str(o js.Value, key string) string {
	v := o.Get(key)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

func argString(args []js.Value, i int) string {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return ""
	}
	return args[i].String()
}

func argInt(args []js.Value, i, def int) int {
	if i >= len(args) || args[i].Type() != js.TypeNumber {
		return def
	}
	return args[i].Int()
}

// apiCrowd adds n clients (crowd1, crowd2, ...) and logs every one in,
// stepping until idle after each lifecycle action: a quick way to watch a
// server with many sessions. Each client gets an account unless the
// server uses insecure authentication.
func (a *app) apiCrowd(_ js.Value, args []js.Value) any {
	n := argInt(args, 0, 10)
	return a.promise(func() (any, error) {
		insecure := a.tl.Config().Server.Authentication == "insecure"
		first := len(a.tl.Engine().Clients())
		for i := 0; i < n; i++ {
			a.breathe()
			user := "crowd" + strconv.Itoa(first+i+1)
			if !insecure {
				if err := a.inputs(true, engine.Input{Op: engine.OpAccount, User: user, Password: "pw"}); err != nil {
					return nil, err
				}
			}
			spec := client.Spec{Name: user, User: user, Password: "pw", Resource: "r"}
			if err := a.inputs(true, engine.Input{Op: engine.OpClient, Client: &spec}); err != nil {
				return nil, err
			}
		}
		cs := a.tl.Engine().Clients()[first:]
		for _, act := range []string{"connect", "open", "auth", "open", "bind"} {
			for _, c := range cs {
				a.breathe()
				if err := a.tl.Apply(engine.Input{Op: engine.OpAct, Name: c.Name, Action: act}); err != nil {
					return nil, err
				}
			}
			if _, err := a.tl.Forward(1 << 30); err != nil {
				return nil, err
			}
		}
		return a.position(), nil
	})
}

// apiConfigure changes server options (Prosody's names, as in
// scenario().config.server) before the run's first input.
func (a *app) apiConfigure(_ js.Value, args []js.Value) any {
	text := "{}"
	if len(args) > 0 && args[0].Type() == js.TypeObject {
		text = js.Global().Get("JSON").Call("stringify", args[0]).String()
	}
	return a.promise(func() (any, error) {
		c := a.tl.Config().Server
		c.Hosts = append([]string(nil), c.Hosts...)
		if err := json.Unmarshal([]byte(text), &c); err != nil {
			return nil, err
		}
		return c, a.tl.Configure(c)
	})
}

// apiStats returns the cost in milliseconds of the last work item and of
// the last render, for benchmarks.
func (a *app) apiStats(js.Value, []js.Value) any {
	a.mu.Lock()
	s := a.stats
	a.mu.Unlock()
	return toJS(s)
}

// apiReset starts a new, empty run with the default configuration.
func (a *app) apiReset(js.Value, []js.Value) any {
	return a.promise(func() (any, error) { return nil, a.newRun() })
}

// newRun replaces the run with an empty one (the token service, when the
// run had it, stays installed).
func (a *app) newRun() error {
	cfg := engine.DefaultConfig()
	cfg.Token = a.tl.Config().Token
	a.lessons.lesson = nil
	return a.tl.Load(engine.Scenario{Config: cfg})
}
