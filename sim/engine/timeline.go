package engine

import (
	"errors"
	"fmt"
	"math"

	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/server"
)

// maxIterations bounds the SCRAM iteration count of a loaded run: ten
// times Prosody's default, a tenth of a second or so per key natively and
// under a second in a browser, where one input cannot be interrupted.
const maxIterations = 100_000

// Timeline is a run that can move backwards. It keeps every input of the
// run from the seed; going back rebuilds the engine from the seed and
// replays the inputs up to the chosen position, which is exact because
// the engine is deterministic. Applying an input anywhere but at the end
// forks the run: the old future is dropped.
type Timeline struct {
	cfg       Config
	inputs    []Input
	pos       int // inputs applied to eng
	applying  int // index of the input being applied
	eng       *Engine
	observers []Observer
	reset     func()
	pause     func()
	stop      func() bool
	lesson    string // the built-in lesson of the run loaded, if any
	rewinder  Rewinder
	rewindMax int // the latest position the rewinder can go back to (rewind.go)

	spare       *Engine // an engine behind the position, for going back (spare.go)
	sparePos    int     // inputs applied to spare
	spareBroken bool    // an input failed on the spare: build none until a rebuild
}

// ErrStopped reports that a replay or a forward run was stopped at an
// input boundary, as SetStop asked, before it reached its position.
var ErrStopped = errors.New("engine: stopped on request")

// NewTimeline returns a timeline at the start of a run with cfg.
func NewTimeline(cfg Config) (*Timeline, error) {
	if cfg.Cache == nil {
		cfg.Cache = sasl.NewCache(timelineCacheSize)
	}
	t := &Timeline{cfg: cfg}
	if err := t.rebuild(); err != nil {
		return nil, err
	}
	return t, nil
}

// Engine returns the engine at the current position. It changes when the
// timeline goes back.
func (t *Timeline) Engine() *Engine { return t.eng }

// Config returns the run's configuration.
func (t *Timeline) Config() Config { return t.cfg }

// Cache returns the cache of PBKDF2 results that the timeline's engines
// share. It stays the same for the timeline's life, through Load.
func (t *Timeline) Cache() *sasl.Cache { return t.cfg.Cache }

// Subscribe adds an observer; it sees the events of every later input,
// including those replayed when going back.
func (t *Timeline) Subscribe(o Observer) {
	t.observers = append(t.observers, o)
	t.eng.Subscribe(o)
}

// OnReset sets a function called just before the engine is rebuilt from
// the seed, so that views can forget what they showed.
func (t *Timeline) OnReset(f func()) { t.reset = f }

// Position returns the number of inputs applied and the number recorded.
func (t *Timeline) Position() (step, total int) { return t.pos, len(t.inputs) }

// Applying returns the index of the input being applied, for observers
// that want to tie an event to a position on the timeline.
func (t *Timeline) Applying() int { return t.applying }

// Inputs returns a copy of every recorded input, past and future.
func (t *Timeline) Inputs() []Input { return append([]Input(nil), t.inputs...) }

// InputAt returns recorded input i (0 <= i < total).
func (t *Timeline) InputAt(i int) Input { return t.inputs[i] }

// InPast reports whether inputs are recorded beyond the current position,
// so that applying a new one would fork the run.
func (t *Timeline) InPast() bool { return t.pos < len(t.inputs) }

// SetPause installs f, called before each input a replay or a long forward
// run applies, and between the steps of a folded step input. A host with a
// single thread, such as a browser page, uses it to let its event loop run
// now and then; f must not use the timeline.
func (t *Timeline) SetPause(f func()) { t.pause = f }

func (t *Timeline) breathe() {
	if t.pause != nil {
		t.pause()
	}
}

// SetStop installs f, asked before each input a replay or a long forward
// run applies: when it reports true, the move ends there with ErrStopped,
// the run complete up to that input. A page lets the user stop a long
// replay with it (a shared link is anyone's text).
func (t *Timeline) SetStop(f func() bool) { t.stop = f }

// next lets the host breathe before the next input of a long move, and
// reports ErrStopped when the host asks to stop.
func (t *Timeline) next() error {
	t.breathe()
	if t.stop != nil && t.stop() {
		return ErrStopped
	}
	return nil
}

// newEngine returns a fresh engine from the seed for the timeline, with no
// observer yet. It pauses between the steps of a folded step input too
// (one may stand for thousands), and its clients keep no stanzas, which
// nobody reads back from a timeline's engine (client.Forget).
func (t *Timeline) newEngine() (*Engine, error) {
	e, err := New(t.cfg)
	if err != nil {
		return nil, err
	}
	e.SetPause(t.breathe)
	e.forget = true
	return e, nil
}

func (t *Timeline) rebuild() error {
	if t.reset != nil {
		t.reset()
	}
	e, err := t.newEngine()
	if err != nil {
		return err
	}
	for _, o := range t.observers {
		e.Subscribe(o)
	}
	t.eng, t.pos = e, 0
	t.rewindMax = math.MaxInt
	t.dropSpare()
	t.spareBroken = false
	return nil
}

// Apply performs a new input at the current position and records it. In
// the past it forks: the recorded future is dropped first. An input that
// fails is not recorded; a step with nothing pending returns ErrIdle.
func (t *Timeline) Apply(in Input) error {
	if err := t.perform(t.pos, in); err != nil {
		return err
	}
	t.inputs = append(t.inputs[:t.pos], in)
	t.pos++
	return nil
}

// perform applies input index on the engine, which records it too. An
// input that fails after telling observers of a part of it has told them
// what a replay would not: a rewinder cannot go back past it.
func (t *Timeline) perform(index int, in Input) error {
	t.applying = index
	before := t.eng.emitted
	err := t.eng.Apply(in)
	if err != nil && t.eng.emitted != before {
		t.rewindMax = min(t.rewindMax, index)
	}
	return err
}

// replay re-applies the recorded input at the current position.
func (t *Timeline) replay() error {
	in := t.inputs[t.pos]
	if err := t.perform(t.pos, in); err != nil {
		return &InputError{Index: t.pos + 1, Input: in, Err: err}
	}
	t.pos++
	return nil
}

// Step delivers the next pending thing as a recorded input.
func (t *Timeline) Step() error { return t.Apply(Input{Op: OpStep}) }

// Forward moves n inputs forward: recorded inputs are re-applied; beyond
// the end, each move is a new step. It returns how many inputs it applied.
func (t *Timeline) Forward(n int) (int, error) {
	done := 0
	for ; done < n; done++ {
		if err := t.next(); err != nil {
			return done, err
		}
		if t.pos < len(t.inputs) {
			if err := t.replay(); err != nil {
				return done, err
			}
			continue
		}
		if err := t.Step(); err != nil {
			if errors.Is(err, ErrIdle) {
				return done, nil
			}
			return done, err
		}
	}
	return done, nil
}

// Seek moves to position step (clamped to 0..total), replaying from the
// seed when it lies behind the current position: without observers when
// the rewinder (SetRewinder) can go back there.
func (t *Timeline) Seek(step int) error {
	step = max(0, min(step, len(t.inputs)))
	if step < t.pos {
		if done, err := t.rewind(step); done {
			return err
		}
		if err := t.rebuild(); err != nil {
			return err
		}
	}
	for t.pos < step {
		if err := t.next(); err != nil {
			return err
		}
		if err := t.replay(); err != nil {
			return err
		}
	}
	return nil
}

// RunIdle replays the recording to its end, then steps until nothing is
// pending, at most max steps.
func (t *Timeline) RunIdle(max int) error {
	if err := t.Seek(len(t.inputs)); err != nil {
		return err
	}
	_, err := t.Forward(max)
	return err
}

// Back moves n inputs back.
func (t *Timeline) Back(n int) error { return t.Seek(t.pos - n) }

// Scenario returns what is needed to rebuild the run exactly: the
// configuration (with the seed), the inputs and the position.
func (t *Timeline) Scenario() Scenario {
	cfg := t.cfg
	cfg.FS, cfg.Cache = nil, nil
	return Scenario{Config: cfg, Inputs: t.Inputs(), Position: t.pos, Lesson: t.lesson}
}

// validate checks a configuration as the server does, and bounds its
// iteration count: a shared run is anyone's text, and one must not keep a
// page hashing passwords for minutes.
func validate(c server.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.DefaultIterationCount > maxIterations {
		return fmt.Errorf("engine: default_iteration_count %d is above %d", c.DefaultIterationCount, maxIterations)
	}
	return nil
}

// Load replaces the run with s and moves to its position. The file
// system of the current configuration is kept.
func (t *Timeline) Load(s Scenario) error {
	cfg := s.Config
	cfg.FS, cfg.Cache = t.cfg.FS, t.cfg.Cache
	if err := validate(cfg.Server); err != nil {
		return err
	}
	old := *t
	t.cfg, t.inputs, t.lesson = cfg, append([]Input(nil), s.Inputs...), s.Lesson
	if err := t.rebuild(); err != nil {
		*t = old
		return err
	}
	return t.Seek(s.Position)
}
