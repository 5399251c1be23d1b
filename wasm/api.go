//go:build js && wasm

package main

import (
	"encoding/json"
	"strconv"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/control"
)

// readArgs reads a console call's arguments on the event loop, when the
// call is made: strings as they are, numbers in decimal, objects as JSON,
// anything else as "".
func readArgs(vs []js.Value) control.Args {
	out := make(control.Args, len(vs))
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

// exposeAPI installs window.sessionscope, the console scripting API (see
// API.md). Calls that change the run return a Promise and run on the
// worker goroutine through the same code the buttons use; the others
// answer at once from the last published frame.
func (a *app) exposeAPI() {
	api := jsGlobal.Get("Object").New()
	for _, name := range a.b.Calls() {
		api.Set(name, js.FuncOf(func(_ js.Value, vs []js.Value) any {
			x := readArgs(vs)
			return a.promise(func() (any, error) { return a.b.Call(name, x) })
		}))
	}
	for name, f := range map[string]func() any{
		"position": func() any { f := a.published(); return control.Position{Step: f.Step, Total: f.Total} },
		"sessions": func() any { return a.shownSessions() },
		"stats":    func() any { a.mu.Lock(); defer a.mu.Unlock(); return a.stats },
		"lessons":  func() any { return control.LessonNames() },
	} {
		api.Set(name, js.FuncOf(func(js.Value, []js.Value) any { return toJS(f()) }))
	}
	api.Set("scrollToSession", js.FuncOf(a.apiScrollToSession))
	api.Set("realClient", js.FuncOf(a.realClient.apiRealClient))
	api.Set("closeRealClient", js.FuncOf(a.realClient.apiCloseRealClient))
	jsGlobal.Set("sessionscope", api)
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
	id := readArgs(vs).Str(0)
	return newPromise(func(resolve, reject js.Value) {
		a.do(func() error { return a.deck.Locate(a.b, &control.Locate{ID: id, Answer: promiseEnds{resolve, reject}}) }, func(err error) {
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
