package control

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// Worker runs a page's work one piece at a time on one goroutine, the
// only one that touches the Board. Anything may queue work; queueing
// never blocks for long. A piece of work that panics is reported as an
// error, so that one bad input never stops the page. Work can be held
// until the page is ready, and a long piece can be asked to stop at its
// next input (Board.TL.SetStop(w.Stopping)) and breathes now and then
// (Board.TL.SetPause(w.Breathe)), letting a single-threaded host paint.
type Worker struct {
	Pacer // paces the pauses of the piece of work running

	// Report shows a piece of work's error; ErrForkPending is not one,
	// and a stopped replay is Board.Stopped's to tell.
	Report func(error)
	// After runs after each piece of work, on the worker.
	After func()
	// Idle, if set, does a little background work while no work is
	// queued, and reports whether more remains: the worker calls it
	// again and again for an IdleSlice, then lets the host run (Rest)
	// and takes any queued work first. After each piece of work it
	// starts calling it again.
	Idle func() bool
	// Rest gives the host a turn between slices of idle work; nil
	// sleeps a millisecond, which in a browser page returns to its
	// event loop for that long.
	Rest func()

	b    *Board
	work chan func()
	stop atomic.Bool

	mu    sync.Mutex
	ready bool
	hooks []func()
}

// Breath is how long a piece of work runs between its pauses at most.
const Breath = 100 * time.Millisecond

// NewWorker returns a worker for b, with room for queue pieces of work
// before queueing takes a goroutine of its own.
func NewWorker(b *Board, queue int) *Worker {
	return &Worker{b: b, work: make(chan func(), queue), Report: func(error) {}, After: func() {}}
}

// Do queues op; done, if not nil, is called on the worker with op's error.
func (w *Worker) Do(op func() error, done func(error)) {
	f := func() {
		err := safely(op)
		if done != nil {
			done(err)
		}
		switch {
		case errors.Is(err, engine.ErrStopped):
			w.b.Stopped("the run")
		case err != nil && !errors.Is(err, ErrForkPending):
			w.Report(err)
		}
	}
	select {
	case w.work <- f:
	default:
		go func() { w.work <- f }()
	}
}

// safely runs op, turning a panic into an error.
func safely(op func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return op()
}

// IdleSlice is how long the worker runs idle work between the host's
// turns at most (Worker.Idle): what a click waits for at worst.
const IdleSlice = 10 * time.Millisecond

// Run runs the queued work, one piece at a time, until the queue is
// closed, and the idle work when there is none.
func (w *Worker) Run() {
	idle := w.Idle != nil
	for {
		var f func()
		var ok bool
		if idle {
			select {
			case f, ok = <-w.work:
			default:
				idle = w.idleSlice()
				continue
			}
		} else {
			f, ok = <-w.work
		}
		if !ok {
			return
		}
		w.Begin()
		w.stop.Store(false)
		f()
		w.After()
		idle = w.Idle != nil
	}
}

// idleSlice runs idle work for an IdleSlice at most, then gives the
// host a turn; it reports whether more remains.
func (w *Worker) idleSlice() bool {
	w.Begin()
	for w.Idle() {
		if w.clock().Sub(w.Began()) >= IdleSlice {
			if w.Rest != nil {
				w.Rest()
			} else {
				time.Sleep(time.Millisecond)
			}
			return true
		}
	}
	return false
}

// Stop asks the piece of work running to stop at its next input.
func (w *Worker) Stop() { w.stop.Store(true) }

// Stopping reports whether Stop was called since the piece of work
// running began.
func (w *Worker) Stopping() bool { return w.stop.Load() }

// Pacer paces the pauses of a long piece of work on a single-threaded
// host: Breathe, called often, yields at most once a Breath.
type Pacer struct {
	// Yield gives the host's event loop a turn (a browser page waits for
	// its next animation frame); Long, if set, is told at each pause of a
	// piece of work that has run for a second or more how long it has run.
	Yield func()
	Long  func(time.Duration)

	began, rest time.Time // when the work began, and last paused
	now         func() time.Time
}

func (p *Pacer) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// Began returns when the work began.
func (p *Pacer) Began() time.Time { return p.began }

// Begin starts pacing a new piece of work.
func (p *Pacer) Begin() { p.began = p.clock(); p.rest = p.began }

// Breathe yields when the work has not for a Breath.
func (p *Pacer) Breathe() {
	if p.began.IsZero() {
		p.Begin()
	} else if p.clock().Sub(p.rest) < Breath {
		return
	}
	if p.Yield != nil {
		p.Yield()
	}
	p.rest = p.clock()
	if ran := p.rest.Sub(p.began); ran >= time.Second && p.Long != nil {
		p.Long(ran)
	}
}

// WhenReady queues f once the page is ready: work that would otherwise
// delay the first interactive moment.
func (w *Worker) WhenReady(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ready {
		w.Do(func() error { f(); return nil }, nil)
		return
	}
	w.hooks = append(w.hooks, f)
}

// Ready marks the page ready and queues the work held for it; it reports
// false when the page was ready already.
func (w *Worker) Ready() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ready {
		return false
	}
	w.ready = true
	for _, f := range w.hooks {
		w.Do(func() error { f(); return nil }, nil)
	}
	w.hooks = nil
	return true
}
