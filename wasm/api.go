//go:build js && wasm

package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	simtoken "github.com/sessionscope/sessionscope/sim/token"
	"github.com/sessionscope/sessionscope/sim/view"
)

// args are a console call's arguments, read on the event loop when the
// call is made: strings as they are, numbers in decimal, objects as JSON,
// anything else as "".
type args []string

func readArgs(vs []js.Value) args {
	out := make(args, len(vs))
	for i, v := range vs {
		switch v.Type() {
		case js.TypeString:
			out[i] = v.String()
		case js.TypeNumber:
			out[i] = strconv.FormatFloat(v.Float(), 'f', -1, 64)
		case js.TypeObject:
			out[i] = jsGlobal.Get("JSON").Call("stringify", v).String()
		}
	}
	return out
}

func (x args) str(i int) string {
	if i < len(x) {
		return x[i]
	}
	return ""
}

// num is argument i as a whole number, or def when it is not one.
func (x args) num(i, def int) int {
	n, err := strconv.Atoi(x.str(i))
	if err != nil {
		return def
	}
	return n
}

// object decodes argument i, an object, into v.
func (x args) object(i int, v any) error {
	s := x.str(i)
	if s == "" {
		s = "{}"
	}
	return json.Unmarshal([]byte(s), v)
}

// exposeAPI installs window.sessionscope, the console scripting API (see
// API.md). Calls that change the run return a Promise and run on the
// worker goroutine through the same code the buttons use; the others
// answer at once from the last published frame.
func (a *app) exposeAPI() {
	api := jsGlobal.Get("Object").New()
	for name, f := range a.asyncCalls() {
		api.Set(name, js.FuncOf(func(_ js.Value, vs []js.Value) any {
			x := readArgs(vs)
			return a.promise(func() (any, error) { return f(x) })
		}))
	}
	for name, f := range map[string]func() any{
		"position": func() any { f := a.published(); return position{f.Step, f.Total} },
		"sessions": func() any { return a.shownSessions() },
		"stats":    func() any { a.mu.Lock(); defer a.mu.Unlock(); return a.stats },
		"lessons":  func() any { return lessonNames() },
	} {
		api.Set(name, js.FuncOf(func(js.Value, []js.Value) any { return toJS(f()) }))
	}
	api.Set("scrollToSession", js.FuncOf(a.apiScrollToSession))
	jsGlobal.Set("sessionscope", api)
}

// asyncCalls are the calls that run on the worker.
func (a *app) asyncCalls() map[string]func(args) (any, error) {
	one := func(in func(x args) engine.Input) func(args) (any, error) {
		return func(x args) (any, error) { return nil, a.input(true, in(x)) }
	}
	return map[string]func(args) (any, error){
		"addClient": a.apiAddClient, "act": a.apiAct, "configure": a.apiConfigure,
		// crowd adds n clients and logs every one in (engine.Timeline.Crowd).
		"crowd":          func(x args) (any, error) { return a.moved(a.tl.Crowd(x.num(0, 10))) },
		"send":           one(func(x args) engine.Input { return engine.Input{Op: engine.OpSend, Name: x.str(0), Raw: x.str(1)} }),
		"drop":           one(func(x args) engine.Input { return engine.Input{Op: engine.OpDrop, ID: x.str(0)} }),
		"delay":          one(func(x args) engine.Input { return engine.Input{Op: engine.OpDelay, ID: x.str(0)} }),
		"dismiss":        one(func(x args) engine.Input { return engine.Input{Op: engine.OpDismiss, ID: x.str(0)} }),
		"removeClient":   one(func(x args) engine.Input { return engine.Input{Op: engine.OpRemoveClient, Name: x.str(0)} }),
		"deleteAccount":  one(func(x args) engine.Input { return engine.Input{Op: engine.OpDeleteAccount, User: x.str(0)} }),
		"disableAccount": one(func(x args) engine.Input { return engine.Input{Op: engine.OpDisable, User: x.str(0), Disabled: true} }),
		"enableAccount":  one(func(x args) engine.Input { return engine.Input{Op: engine.OpDisable, User: x.str(0)} }),
		// step replays recorded inputs first when the run is back in time;
		// no n (or 0) steps until idle.
		"step":     func(x args) (any, error) { return a.tl.Forward(cmp.Or(max(x.num(0, 0), 0), 100000)) },
		"forward":  func(x args) (any, error) { return a.tl.Forward(x.num(0, 1)) },
		"back":     func(x args) (any, error) { return a.moved(a.tl.Back(x.num(0, 1))) },
		"seek":     func(x args) (any, error) { return a.moved(a.tl.Seek(x.num(0, 0))) },
		"load":     func(x args) (any, error) { return a.moved(a.lessons.load("console.scs", []byte(x.str(0)))) },
		"reset":    func(args) (any, error) { return nil, a.newRun() },
		"scenario": func(args) (any, error) { return a.tl.Scenario(), nil },
		"lesson": func(x args) (any, error) {
			if err := a.lessons.startNow(x.str(0)); err != nil {
				return nil, err
			}
			return a.lessons.where(), nil
		},
		"lessonStop":  func(args) (any, error) { return a.lessons.where(), nil },
		"allSessions": func(args) (any, error) { return a.tl.Engine().Sessions(), nil },
		"invariants":  func(args) (any, error) { return invariant.Check(a.tl.Engine().Server().Sessions()), nil },
		"inFlight":    func(args) (any, error) { return view.Flights(a.tl.Engine()), nil },
		"clients":     func(args) (any, error) { return view.Clients(a.tl.Engine().Clients(), "", 0), nil },
		"log":         func(args) (any, error) { return a.model.Log(), nil },
	}
}

// moved answers a call that moved the run with the new position.
func (a *app) moved(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return a.position(), nil
}

// promise runs op on the worker and settles a Promise with its result.
func (a *app) promise(op func() (any, error)) js.Value {
	return newPromise(func(resolve, reject js.Value) {
		var result any
		a.do(func() error {
			var err error
			result, err = op()
			return err
		}, func(err error) { settle(resolve, reject, result, err) })
	})
}

// newPromise returns a Promise whose executor is start.
func newPromise(start func(resolve, reject js.Value)) js.Value {
	executor := js.FuncOf(func(_ js.Value, p []js.Value) any {
		start(p[0], p[1])
		return nil
	})
	defer executor.Release()
	return jsGlobal.Get("Promise").New(executor)
}

// settle rejects with err, or resolves with result.
func settle(resolve, reject js.Value, result any, err error) {
	if err != nil {
		reject.Invoke(jsGlobal.Get("Error").New(err.Error()))
		return
	}
	resolve.Invoke(toJS(result))
}

func (a *app) apiAddClient(x args) (any, error) {
	var c struct{ User, Password, Resource string }
	if err := x.object(0, &c); err != nil || c.User == "" {
		return nil, errors.New("addClient needs {user, password, resource}")
	}
	if err := a.addClient(c.User, c.Password, c.Resource, true); err != nil {
		return nil, err
	}
	cs := a.tl.Engine().Clients()
	return cs[len(cs)-1].Name, nil
}

func (a *app) apiAct(x args) (any, error) {
	var with map[string]string
	if len(x) > 2 {
		_ = x.object(2, &with)
	}
	if err := a.input(true, engine.Input{Op: engine.OpAct, Name: x.str(0), Action: x.str(1), Args: with}); err != nil {
		return nil, err
	}
	return a.tl.Engine().Client(x.str(0)).State(), nil
}

type position struct {
	Step  int `json:"step"`
	Total int `json:"total"`
}

func (a *app) position() position {
	s, t := a.tl.Position()
	return position{s, t}
}

// published returns the last published frame.
func (a *app) published() frame {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.frame
}

// apiScrollToSession scrolls the session cards to the card of a session,
// by its id. The Promise settles once the card is on the page, with {id,
// position} (position counts from 1), or rejects for an unknown id.
func (a *app) apiScrollToSession(_ js.Value, vs []js.Value) any {
	id := readArgs(vs).str(0)
	return newPromise(func(resolve, reject js.Value) {
		a.do(func() error { return a.scrollTo(id, resolve, reject) }, func(err error) {
			if err != nil {
				settle(resolve, reject, nil, err)
			}
		})
	})
}

// toJS converts a Go value to a plain JavaScript value through JSON.
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Undefined()
	}
	return jsGlobal.Get("JSON").Call("parse", string(b))
}

// apiConfigure changes server options (Prosody's names, as in
// scenario().config.server) before the run's first input.
func (a *app) apiConfigure(x args) (any, error) {
	c := a.tl.Config().Server
	c.Hosts = append([]string(nil), c.Hosts...)
	if err := x.object(0, &c); err != nil {
		return nil, err
	}
	return c, a.tl.Configure(c)
}

// newRun replaces the run with an empty one with the default
// configuration, the token service included, and leaves any lesson.
func (a *app) newRun() error {
	cfg := engine.DefaultConfig()
	tokens := simtoken.DefaultConfig()
	cfg.Token = &tokens
	a.lessons.lesson = nil
	return a.tl.Load(engine.Scenario{Config: cfg})
}
