//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/engine"
	"honnef.co/go/js/dom/v2"
)

func main() {
	a, err := newApp()
	if err != nil {
		js.Global().Get("document").Call("getElementById", "status").Set("textContent", "Could not start: "+err.Error())
		return
	}
	a.start()
	select {}
}

// app is the page's state: the engine (touched only by the worker
// goroutine), the work queue, and the last published view.
type app struct {
	eng  *engine.Engine
	work chan func()

	mu      sync.Mutex
	view    view
	pending bool // an animation frame is requested

	doc    dom.HTMLDocument
	ui     *ui
	player *player
}

func newApp() (*app, error) {
	eng, err := engine.New(engine.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	a := &app{eng: eng, work: make(chan func(), 1024)}
	a.doc = dom.GetWindow().Document().(dom.HTMLDocument)
	a.ui = newUI(a.doc)
	a.player = &player{a: a}
	eng.Subscribe(a.observe)
	return a, nil
}

func (a *app) start() {
	go a.worker()
	a.ui.bind(a)
	a.exposeAPI()
	a.do(func() error { return nil }, nil)
	a.ui.ready()
}

// worker runs queued work one item at a time, then publishes a new view.
func (a *app) worker() {
	for f := range a.work {
		f()
		a.publish()
	}
}

// do queues op on the worker; done, if not nil, is called there with the
// op's error. do never blocks the caller for long: the queue is buffered,
// and when it is full the send happens on a new goroutine.
func (a *app) do(op func() error, done func(error)) {
	f := func() {
		err := safely(op)
		if done != nil {
			done(err)
		}
		if err != nil {
			a.ui.flash(err.Error())
		}
	}
	select {
	case a.work <- f:
	default:
		go func() { a.work <- f }()
	}
}

// safely runs op, turning a panic into an error so that one bad input
// never stops the page.
func safely(op func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return op()
}
