package runstore_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// TestSaver: each time the run moves the Saver waits, then saves it: a
// second after a quick save, twenty times a slow save's length, never more
// than five seconds. A failed save keeps what was saved before and is
// reported; the next one that works says the trouble is over.
func TestSaver(t *testing.T) {
	fsys := newFS(t)
	st := runstore.New(fsys)
	var now time.Time
	var waits []time.Duration
	var report []string
	costs := []time.Duration{10 * time.Millisecond, 100 * time.Millisecond, time.Second, 0}
	next := 0
	sv := runstore.Saver{Store: st, Cache: sasl.NewCache(4), Pause: noPause,
		Now:   func() time.Time { return now },
		Sleep: func(d time.Duration) { waits = append(waits, d); now = now.Add(d) },
		Take: func() engine.Scenario {
			now = now.Add(costs[next%len(costs)]) // what this save will take
			next++
			fsys.failRename = next == 3
			return run(next)
		},
		Saved: func(s engine.Scenario, err error, recovered bool) {
			report = append(report, fmt.Sprintf("%d inputs: err=%v recovered=%v", len(s.Inputs), err != nil, recovered))
		}}
	dirty := make(chan struct{}, 4)
	for range 4 {
		dirty <- struct{}{}
	}
	close(dirty)
	sv.Loop(dirty)
	if want := []time.Duration{time.Second, time.Second, 2 * time.Second, 5 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	want := []string{"1 inputs: err=false recovered=false", "2 inputs: err=false recovered=false",
		"3 inputs: err=true recovered=false", "4 inputs: err=false recovered=true"}
	if !slices.Equal(report, want) {
		t.Errorf("reports %q, want %q", report, want)
	}
	if s, found, err := st.Load(); err != nil || !found || len(s.Inputs) != 4 {
		t.Errorf("saved run: %d inputs, found %v, %v; want the 4th", len(s.Inputs), found, err)
	}
}
