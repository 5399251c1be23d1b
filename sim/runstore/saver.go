package runstore

import (
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// Saver is a page's autosave: each time the run moves it saves it, and the
// cache of derived keys with it, at most once a second, and less often for
// a long run, so that saving never takes more than a twentieth of the
// page's time. A failed save keeps what was saved before; the next one
// that works says so.
type Saver struct {
	Store *Store
	Cache *sasl.Cache // may be nil
	// Take returns the run to save; a page answers it on its worker.
	Take func() engine.Scenario
	// Saved reports each save: its error, or nil; recovered is set on the
	// first success after a failure.
	Saved func(s engine.Scenario, err error, recovered bool)
	// Pause lets a single-threaded host breathe while a long run is
	// written; Now and Sleep are the wall clock's, for pacing only.
	Pause func()
	Now   func() time.Time
	Sleep func(time.Duration)

	failed bool
}

// Loop saves the run each time dirty fires, after a wait: a second, or
// twenty times what the last save took, up to five seconds. It returns
// when dirty is closed.
func (sv *Saver) Loop(dirty <-chan struct{}) {
	wait := time.Second
	for range dirty {
		sv.Sleep(wait)
		start := sv.Now()
		sv.Save(sv.Take())
		wait = min(5*time.Second, max(time.Second, 20*sv.Now().Sub(start)))
	}
}

// Save saves s as the current run, then the cache, and reports it; a
// cache that cannot be saved only costs time at the next start.
func (sv *Saver) Save(s engine.Scenario) {
	err := sv.Store.Save(s, sv.Pause)
	recovered := err == nil && sv.failed
	sv.failed = err != nil
	if err == nil && sv.Cache != nil {
		_ = sv.Store.SaveCache(sv.Cache)
	}
	sv.Saved(s, err, recovered)
}
