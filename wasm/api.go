//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/client"
)

// exposeAPI installs window.sessionscope, the console scripting API. Every
// call that changes the simulation returns a Promise and runs on the
// worker goroutine through the same code the buttons use.
func (a *app) exposeAPI() {
	api := js.Global().Get("Object").New()
	api.Set("addClient", js.FuncOf(a.apiAddClient))
	api.Set("act", js.FuncOf(a.apiAct))
	api.Set("step", js.FuncOf(a.apiStep))
	api.Set("sessions", js.FuncOf(a.apiSessions))
	api.Set("clients", js.FuncOf(a.apiClients))
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
	var spec client.Spec
	if len(args) > 0 && args[0].Type() == js.TypeObject {
		o := args[0]
		spec = client.Spec{User: str(o, "user"), Password: str(o, "password"), Resource: str(o, "resource"), Name: str(o, "name")}
	}
	return a.promise(func() (any, error) {
		if spec.User == "" {
			return nil, errors.New("addClient needs {user, password, resource}")
		}
		c, err := a.addClient(spec)
		if err != nil {
			return nil, err
		}
		return c.Name, nil
	})
}

func (a *app) apiAct(_ js.Value, args []js.Value) any {
	name, action := argString(args, 0), argString(args, 1)
	return a.promise(func() (any, error) {
		if err := a.eng.Act(name, action); err != nil {
			return nil, err
		}
		return a.eng.Client(name).State(), nil
	})
}

func (a *app) apiStep(_ js.Value, args []js.Value) any {
	n := 0
	if len(args) > 0 && args[0].Type() == js.TypeNumber {
		n = args[0].Int()
	}
	return a.promise(func() (any, error) {
		if n <= 0 {
			return a.eng.Run(100000), nil
		}
		return a.eng.Run(n), nil
	})
}

func (a *app) apiSessions(js.Value, []js.Value) any {
	a.mu.Lock()
	sessions := a.view.sessions
	a.mu.Unlock()
	return toJS(sessions)
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
		for _, c := range a.eng.Clients() {
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
