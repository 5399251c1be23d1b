package clock

import (
	"container/heap"
	"time"
)

// Epoch is where every simulation's clock starts: a fixed instant, so that
// times in transcripts (delay stamps, token claims) replay exactly.
var Epoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Clock is a virtual clock with a timer queue. It is not safe for
// concurrent use.
type Clock struct {
	now    time.Time
	timers timerHeap
	seq    uint64
}

// Timer is a pending call at a virtual instant.
type Timer struct {
	Name     string
	Deadline time.Time
	fn       func()
	seq      uint64
	index    int
	stopped  bool
}

// New returns a clock reading start.
func New(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the current virtual time.
func (c *Clock) Now() time.Time { return c.now }

// AfterFunc schedules fn to run d after now. Name says what the timer is
// for (it appears in transcripts).
func (c *Clock) AfterFunc(d time.Duration, name string, fn func()) *Timer {
	c.seq++
	t := &Timer{Name: name, Deadline: c.now.Add(d), fn: fn, seq: c.seq}
	heap.Push(&c.timers, t)
	return t
}

// Stop cancels the timer. It reports whether the timer was still pending.
func (t *Timer) Stop() bool {
	if t == nil || t.stopped {
		return false
	}
	t.stopped = true
	return true
}

// Advance moves the clock forward by d (negative values are ignored).
func (c *Clock) Advance(d time.Duration) {
	if d > 0 {
		c.now = c.now.Add(d)
	}
}

// Next returns the earliest pending timer without removing it, or nil.
func (c *Clock) Next() *Timer {
	c.dropStopped()
	if len(c.timers) == 0 {
		return nil
	}
	return c.timers[0]
}

// PopDue removes and returns the earliest timer whose deadline is not after
// now, or nil when none is due.
func (c *Clock) PopDue() *Timer {
	t := c.Next()
	if t == nil || t.Deadline.After(c.now) {
		return nil
	}
	heap.Pop(&c.timers)
	t.stopped = true
	return t
}

// Fire runs the timer's function.
func (t *Timer) Fire() { t.fn() }

// Pending returns the number of timers not yet fired or stopped.
func (c *Clock) Pending() int {
	n := 0
	for _, t := range c.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}

func (c *Clock) dropStopped() {
	for len(c.timers) > 0 && c.timers[0].stopped {
		heap.Pop(&c.timers)
	}
}

type timerHeap []*Timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].Deadline.Equal(h[j].Deadline) {
		return h[i].Deadline.Before(h[j].Deadline)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*Timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
