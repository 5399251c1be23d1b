package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// ErrNotRecording is returned for the run of a runner that keeps no
// inputs (Config.Record unset).
var ErrNotRecording = errors.New("live: the run is not recorded (Config.Record)")

// Scenario returns the live run so far as a scenario: the configuration
// and every input, which engine.Replay (and the page) replays exactly,
// without sockets. The runner must be recording.
func (r *Runner) Scenario() (engine.Scenario, error) {
	if !r.cfg.Record {
		return engine.Scenario{}, ErrNotRecording
	}
	var s engine.Scenario
	err := r.Do(func(e *engine.Engine) { s = scenarioOf(e) })
	return s, err
}

func scenarioOf(e *engine.Engine) engine.Scenario {
	cfg := e.Config()
	in := e.Inputs()
	cfg.FS = nil // the data directory is not part of the scenario
	return engine.Scenario{Config: cfg, Inputs: in, Position: len(in)}
}

// WriteScenario writes s as indented JSON.
func WriteScenario(w io.Writer, s engine.Scenario) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("live: %w", err)
	}
	return nil
}

// ReadScenario reads what WriteScenario wrote.
func ReadScenario(r io.Reader) (engine.Scenario, error) {
	var s engine.Scenario
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return s, fmt.Errorf("live: %w", err)
	}
	return s, nil
}

// Replay replays a recorded scenario on a fresh engine, without sockets.
func Replay(s engine.Scenario, observers ...engine.Observer) (*engine.Engine, error) {
	cfg := s.Config
	cfg.FS = nil
	return engine.Replay(cfg, s.Inputs[:min(s.Position, len(s.Inputs))], observers...)
}

// Recorded returns the run as a scenario once Run has returned; before
// that, use Scenario. The runner must be recording.
func (r *Runner) Recorded() (engine.Scenario, error) {
	if !r.cfg.Record {
		return engine.Scenario{}, ErrNotRecording
	}
	select {
	case <-r.done:
		return scenarioOf(r.eng), nil
	default:
		return engine.Scenario{}, fmt.Errorf("live: the runner is still running")
	}
}
