package engine

import (
	"fmt"
	"strings"
)

// InputError reports a recorded input that could not be applied.
type InputError struct {
	Index int   // the input's place in the run, counting from 1
	Input Input // the input
	Err   error // why it failed
}

// Error names the input by its place (from 1) and its description, e.g.
// "engine: input 7 (drop delivery 99): no pending delivery 99".
func (e *InputError) Error() string {
	why := strings.TrimPrefix(e.Err.Error(), "engine: ")
	return fmt.Sprintf("engine: input %d (%s): %s", e.Index, e.Input, why)
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// ApplyAll applies inputs in order. It stops at the first that fails and
// returns an *InputError for it, counting from 1 within inputs.
func (e *Engine) ApplyAll(inputs []Input) error {
	for i, in := range inputs {
		if err := e.Apply(in); err != nil {
			return &InputError{Index: i + 1, Input: in, Err: err}
		}
	}
	return nil
}

// Replay builds a fresh engine from cfg and applies inputs in order. With
// the same configuration and inputs it reaches the same state, having put
// the same bytes on the wire. An input that fails stops the replay with an
// *InputError; the engine is returned as the failed input left it.
func Replay(cfg Config, inputs []Input, observers ...Observer) (*Engine, error) {
	e, err := New(cfg)
	if err != nil {
		return nil, err
	}
	for _, o := range observers {
		e.Subscribe(o)
	}
	return e, e.ApplyAll(inputs)
}
