package control

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/view"
)

// Args are a console call's arguments as the page reads them: strings as
// they are, numbers in decimal, objects as JSON, anything else as "".
type Args []string

// Str is argument i, "" when absent.
func (x Args) Str(i int) string {
	if i < len(x) {
		return x[i]
	}
	return ""
}

// Num is argument i as a whole number, or def when it is not one.
func (x Args) Num(i, def int) int {
	n, err := strconv.Atoi(x.Str(i))
	if err != nil {
		return def
	}
	return n
}

// Object decodes argument i, an object, into v; absent, it leaves v.
func (x Args) Object(i int, v any) error {
	s := x.Str(i)
	if s == "" {
		s = "{}"
	}
	return json.Unmarshal([]byte(s), v)
}

// Position is where the run is: after Step of its Total inputs.
type Position struct {
	Step  int `json:"step"`
	Total int `json:"total"`
}

// Position returns where the run is.
func (b *Board) Position() Position {
	s, t := b.TL.Position()
	return Position{s, t}
}

// Call runs the console call name with its arguments, forking at once
// when the run shows the past, and returns its answer.
func (b *Board) Call(name string, x Args) (any, error) {
	f, ok := b.calls()[name]
	if !ok {
		return nil, fmt.Errorf("no console call %q", name)
	}
	return f(x)
}

// Calls lists the console calls Call knows.
func (b *Board) Calls() []string {
	var out []string
	for name := range b.calls() {
		out = append(out, name)
	}
	return out
}

type call = func(Args) (any, error)

// calls are the console calls: those that apply one input, then the rest.
func (b *Board) calls() map[string]call {
	one := func(in func(x Args) engine.Input) call {
		return func(x Args) (any, error) { return nil, b.Input(true, in(x)) }
	}
	cs := map[string]call{
		"send":           one(func(x Args) engine.Input { return engine.Input{Op: engine.OpSend, Name: x.Str(0), Raw: x.Str(1)} }),
		"drop":           one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDrop, ID: x.Str(0)} }),
		"delay":          one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDelay, ID: x.Str(0)} }),
		"dismiss":        one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDismiss, ID: x.Str(0)} }),
		"removeClient":   one(func(x Args) engine.Input { return engine.Input{Op: engine.OpRemoveClient, Name: x.Str(0)} }),
		"deleteAccount":  one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDeleteAccount, User: x.Str(0)} }),
		"disableAccount": one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDisable, User: x.Str(0), Disabled: true} }),
		"enableAccount":  one(func(x Args) engine.Input { return engine.Input{Op: engine.OpDisable, User: x.Str(0)} }),
	}
	for name, f := range map[string]call{
		"addClient": b.callAddClient, "act": b.callAct, "configure": b.callConfigure,
		// crowd adds n clients and logs every one in (engine.Timeline.Crowd).
		"crowd": func(x Args) (any, error) { return b.moved(b.TL.Crowd(x.Num(0, 10))) },
		// step replays recorded inputs first when the run is back in time;
		// no n (or 0) steps until idle.
		"step":        func(x Args) (any, error) { return b.TL.Forward(cmp.Or(max(x.Num(0, 0), 0), 100000)) },
		"forward":     func(x Args) (any, error) { return b.TL.Forward(x.Num(0, 1)) },
		"back":        func(x Args) (any, error) { return b.moved(b.TL.Back(x.Num(0, 1))) },
		"seek":        func(x Args) (any, error) { return b.moved(b.TL.Seek(x.Num(0, 0))) },
		"load":        func(x Args) (any, error) { return b.moved(b.LoadScript("console.scs", []byte(x.Str(0)))) },
		"reset":       func(Args) (any, error) { return nil, b.NewRun() },
		"scenario":    func(Args) (any, error) { return b.TL.Scenario(), nil },
		"lessonStop":  func(Args) (any, error) { return b.Where(), nil },
		"allSessions": func(Args) (any, error) { return b.TL.Engine().Sessions(), nil },
		"invariants":  func(Args) (any, error) { return invariant.Check(b.TL.Engine().Server().Sessions()), nil },
		"inFlight":    func(Args) (any, error) { return view.Flights(b.TL.Engine()), nil },
		"clients":     func(Args) (any, error) { return view.Clients(b.TL.Engine().Clients(), "", 0), nil },
		"log":         func(Args) (any, error) { return append([]view.Entry{}, b.Model.Log()...), nil }, // [] rather than null for none
		"spare":       func(Args) (any, error) { return b.Spare(), nil },
	} {
		cs[name] = f
	}
	cs["lesson"] = func(x Args) (any, error) {
		if err := b.StartLesson(x.Str(0)); err != nil {
			return nil, err
		}
		return b.Where(), nil
	}
	return cs
}

// moved answers a call that moved the run with the new position.
func (b *Board) moved(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return b.Position(), nil
}

func (b *Board) callAddClient(x Args) (any, error) {
	var c struct{ User, Password, Resource string }
	if err := x.Object(0, &c); err != nil || c.User == "" {
		return nil, errors.New("addClient needs {user, password, resource}")
	}
	if err := b.AddClient(c.User, c.Password, c.Resource, true); err != nil {
		return nil, err
	}
	cs := b.TL.Engine().Clients()
	return cs[len(cs)-1].Name, nil
}

func (b *Board) callAct(x Args) (any, error) {
	var with map[string]string
	if len(x) > 2 {
		_ = x.Object(2, &with)
	}
	if err := b.Input(true, engine.Input{Op: engine.OpAct, Name: x.Str(0), Action: x.Str(1), Args: with}); err != nil {
		return nil, err
	}
	c := b.TL.Engine().Client(x.Str(0))
	if c == nil {
		return nil, fmt.Errorf("no client named %q", x.Str(0))
	}
	return c.State(), nil
}

// callConfigure changes server options (Prosody's names, as in
// scenario().config.server) before the run's first input.
func (b *Board) callConfigure(x Args) (any, error) {
	c := b.TL.Config().Server
	c.Hosts = append([]string(nil), c.Hosts...)
	if err := x.Object(0, &c); err != nil {
		return nil, err
	}
	return c, b.TL.Configure(c)
}
