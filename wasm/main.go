//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"honnef.co/go/js/dom/v2"
)

// mark records a start-up milestone in window.__boot, for benchmarks.
func mark(name string) {
	boot := js.Global().Get("__boot")
	if boot.IsUndefined() {
		boot = js.Global().Get("Object").New()
		js.Global().Set("__boot", boot)
	}
	boot.Set(name, js.Global().Get("performance").Call("now"))
}

func main() {
	mark("main")
	a, err := newApp()
	mark("app")
	if err != nil {
		js.Global().Get("document").Call("getElementById", "status").Set("textContent", "Could not start: "+err.Error())
		return
	}
	a.start()
	select {}
}

// app is the page's state: the timeline and its engine (touched only by
// the worker goroutine), the work queue, and the last published view.
type app struct {
	tl     *engine.Timeline
	eng    *engine.Engine // the timeline's current engine, for readers on the worker
	rec    recorder
	forkIn []engine.Input // inputs waiting for the fork confirmation
	work   chan func()

	mu           sync.Mutex
	view         view
	pending      bool // an animation frame is requested
	want         cardWant
	clientFilter string

	// The accounts as last read (worker only), and what they were read at.
	accCache  []accountView
	accKeyGen int
	// stats are the costs of the last work item and the last render.
	stats stats

	// breath paces the worker's pauses for the event loop (worker only).
	breath breather

	// readyHooks run on the worker once the page is ready (under mu).
	readyHooks []func()
	isReady    bool

	doc     dom.HTMLDocument
	ui      *ui
	player  *player
	store   *persister
	lessons *lessons
}

func newApp() (*app, error) {
	cfg := engine.DefaultConfig()
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	a := &app{tl: tl, eng: tl.Engine(), work: make(chan func(), 1024)}
	tl.SetPause(a.breathe)
	a.rec.tl = tl
	a.rec.reset()
	tl.OnReset(a.rec.reset)
	tl.Subscribe(a.rec.observe)
	a.doc = dom.GetWindow().Document().(dom.HTMLDocument)
	a.ui = newUI()
	a.player = &player{a: a, speed: 0.5}
	a.store = newPersister(a, tl.Cache())
	a.lessons = newLessons(a)
	return a, nil
}

func (a *app) start() {
	go a.worker()
	a.ui.bind(a)
	mark("bound")
	a.bindTimeline()
	a.exposeAPI()
	mark("api")
	a.initInspector()
	mark("inspector")
	if js.Global().Get("location").Get("hash").String() == liveHash {
		a.startLive()
		return
	}
	a.store.start() // restores the saved run or a shared link, then marks the page ready
}

// breathe lets the browser paint and handle events when the worker has
// held the event loop for a while, so a long replay or crowd keeps the page
// alive. Events that arrive meanwhile only queue work, which waits its turn.
func (a *app) breathe() { a.breath.breathe() }

// breather paces a goroutine's pauses: one every 100 ms of work at most.
type breather struct{ last time.Time }

func (b *breather) breathe() {
	if time.Since(b.last) < 100*time.Millisecond {
		return
	}
	yieldToBrowser()
	b.last = time.Now()
}

// yieldToBrowser blocks the calling goroutine until the next animation
// frame, or 50 ms in a hidden tab, which paints none. With every other
// goroutine idle, Go returns to the event loop meanwhile.
func yieldToBrowser() {
	painted := make(chan struct{})
	var cb js.Func
	cb = js.FuncOf(func(js.Value, []js.Value) any {
		cb.Release()
		close(painted)
		return nil
	})
	js.Global().Call("requestAnimationFrame", cb)
	select {
	case <-painted:
	case <-time.After(50 * time.Millisecond):
	}
}

// whenReady queues f on the worker once the page is ready: work that would
// otherwise delay the first interactive moment.
func (a *app) whenReady(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.isReady {
		a.do(func() error { f(); return nil }, nil)
		return
	}
	a.readyHooks = append(a.readyHooks, f)
}

// markReady tells the page it is ready, then queues the deferred work.
func (a *app) markReady() {
	mark("ready")
	a.ui.ready()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.isReady = true
	for _, f := range a.readyHooks {
		a.do(func() error { f(); return nil }, nil)
	}
	a.readyHooks = nil
}

// worker runs queued work one item at a time, then publishes a new view.
func (a *app) worker() {
	for f := range a.work {
		start := time.Now()
		a.breath.last = start
		f()
		a.publish()
		a.mu.Lock()
		a.stats.Work = ms(time.Since(start))
		a.stats.Items++
		a.mu.Unlock()
	}
}

// stats are the costs, in milliseconds, of the last work item (engine
// work plus publishing the view) and of the last render.
type stats struct {
	Work    float64 `json:"work"`
	Render  float64 `json:"render"`
	Items   int     `json:"items"`
	Renders int     `json:"renders"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// do queues op on the worker; done, if not nil, is called there with the
// op's error. do never blocks the caller for long: the queue is buffered,
// and when it is full the send happens on a new goroutine.
func (a *app) do(op func() error, done func(error)) {
	f := func() {
		err := safely(op)
		if done != nil {
			done(err)
		}
		if err != nil && !errors.Is(err, errForkPending) {
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

// errForkPending reports that an input waits for the user to confirm a
// fork of the run.
var errForkPending = errors.New("confirm to fork the run")

// input applies new inputs from the page. In the past it waits for the
// fork confirmation instead, unless force is set (the console API forks
// at once).
func (a *app) input(in engine.Input, force bool) error {
	return a.inputs(force, in)
}

func (a *app) inputs(force bool, ins ...engine.Input) error {
	if a.tl.InPast() && !force {
		a.forkIn = ins
		return errForkPending
	}
	a.forkIn = nil
	for _, in := range ins {
		if err := a.tl.Apply(in); err != nil {
			return err
		}
	}
	return nil
}

// confirmFork applies the waiting inputs, forking the run, or forgets them.
func (a *app) confirmFork(yes bool) error {
	ins := a.forkIn
	a.forkIn = nil
	if !yes {
		return nil
	}
	return a.inputs(true, ins...)
}
