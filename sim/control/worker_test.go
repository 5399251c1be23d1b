package control

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// runAll closes the queue after what is queued and runs it all.
func runAll(w *Worker) {
	done := make(chan struct{})
	go func() { w.Run(); close(done) }()
	w.Do(func() error { close(w.work); return nil }, nil)
	<-done
}

func TestWorkerDo(t *testing.T) {
	b, said := newBoard(t)
	w := NewWorker(b, 8)
	w.Report = func(err error) { *said = append(*said, "report: "+err.Error()) }
	w.After = func() { *said = append(*said, "after") }
	var ran []string
	w.Do(func() error { ran = append(ran, "first"); return nil }, nil)
	w.Do(func() error { panic("boom") }, func(err error) { ran = append(ran, "done: "+err.Error()) })
	w.Do(func() error { return ErrForkPending }, nil)    // waits for the user: not an error
	w.Do(func() error { return engine.ErrStopped }, nil) // told by Board.Stopped
	w.Do(func() error { return errors.New("no client named \"x\"") }, nil)
	runAll(w)
	if want := []string{"first", "done: internal error: boom"}; !slices.Equal(ran, want) {
		t.Errorf("ran %q, want %q", ran, want)
	}
	want := []string{"after", "report: internal error: boom", "after", "after",
		"say: Stopped replaying the run at input 0 of 0. Seek, or press End, to replay the rest.", "after",
		"report: no client named \"x\"", "after", "after"} // the last is runAll's
	if !slices.Equal(*said, want) {
		t.Errorf("said\n%q\nwant\n%q", *said, want)
	}
}

// TestWorkerQueueFull queues on a goroutine of its own when the queue is
// full, instead of blocking the caller (the browser's event loop).
func TestWorkerQueueFull(t *testing.T) {
	b, _ := newBoard(t)
	w := NewWorker(b, 1)
	done := make(chan string, 3)
	for _, name := range []string{"a", "b", "c"} {
		w.Do(func() error { return nil }, func(error) { done <- name })
	}
	go w.Run()
	got := []string{<-done, <-done, <-done}
	slices.Sort(got)
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("ran %q, want %q", got, want)
	}
}

func TestWorkerReady(t *testing.T) {
	b, _ := newBoard(t)
	w := NewWorker(b, 8)
	var ran []string
	w.WhenReady(func() { ran = append(ran, "held") })
	w.Do(func() error { ran = append(ran, "now"); return nil }, nil)
	if !w.Ready() {
		t.Error("Ready reported the page ready already")
	}
	if w.Ready() {
		t.Error("a second Ready reported a change")
	}
	w.WhenReady(func() { ran = append(ran, "after ready") })
	runAll(w)
	if want := []string{"now", "held", "after ready"}; !slices.Equal(ran, want) {
		t.Errorf("ran %q, want %q", ran, want)
	}
}

func TestWorkerStop(t *testing.T) {
	b, _ := newBoard(t)
	w := NewWorker(b, 8)
	var seen []bool
	w.Do(func() error { w.Stop(); seen = append(seen, w.Stopping()); return nil }, nil)
	w.Do(func() error { seen = append(seen, w.Stopping()); return nil }, nil)
	runAll(w)
	if want := []bool{true, false}; !slices.Equal(seen, want) {
		t.Errorf("Stopping %v, want %v: each piece of work starts unstopped", seen, want)
	}
}

// TestPacer yields at the first breath and then once a Breath at most,
// and tells how long the work has run once it is a second or more.
func TestPacer(t *testing.T) {
	now := time.Unix(0, 0)
	var got []string
	p := Pacer{Yield: func() { got = append(got, "yield") }, Long: func(d time.Duration) { got = append(got, "long "+d.String()) },
		now: func() time.Time { return now }}
	p.Begin()
	for _, dt := range []time.Duration{0, 50 * time.Millisecond, 60 * time.Millisecond, 10 * time.Millisecond, 900 * time.Millisecond} {
		now = now.Add(dt)
		p.Breathe()
	}
	if want := []string{"yield", "yield", "long 1.02s"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestWorkerIdle: the idle work runs while nothing is queued, a slice at a
// time with a rest between slices, gives way to queued work at the end
// of its slice, stops when it says it is done, and starts again after
// the next piece of work.
func TestWorkerIdle(t *testing.T) {
	b, _ := newBoard(t)
	w := NewWorker(b, 8)
	now := time.Unix(0, 0)
	w.now = func() time.Time { return now }
	var got []string
	calls := 0
	reached := make(chan struct{})
	w.Idle = func() bool {
		calls++
		got = append(got, fmt.Sprint("idle ", calls))
		switch calls {
		case 1: // a short call: the slice goes on
			now = now.Add(IdleSlice / 2)
			return true
		case 3:
			w.Do(func() error { got = append(got, "work 1"); return nil }, nil)
		case 4:
			reached <- struct{}{}
			return false
		case 5:
			close(reached)
			return false
		}
		now = now.Add(IdleSlice)
		return true
	}
	w.Rest = func() { got = append(got, "rest") }
	done := make(chan struct{})
	go func() { w.Run(); close(done) }()
	<-reached
	w.Do(func() error { got = append(got, "work 2"); return nil }, nil)
	<-reached
	close(w.work)
	<-done
	want := []string{"idle 1", "idle 2", "rest", "idle 3", "rest", "work 1", "idle 4", "work 2", "idle 5"}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
