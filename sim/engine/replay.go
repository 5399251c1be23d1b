package engine

import "fmt"

// Replay builds a fresh engine from cfg and applies inputs in order. With
// the same configuration and inputs it reaches the same state, having put
// the same bytes on the wire.
func Replay(cfg Config, inputs []Input, observers ...Observer) (*Engine, error) {
	e, err := New(cfg)
	if err != nil {
		return nil, err
	}
	for _, o := range observers {
		e.Subscribe(o)
	}
	for i, in := range inputs {
		if err := e.Apply(in); err != nil {
			return e, fmt.Errorf("engine: input %d (%s): %w", i, in.Op, err)
		}
	}
	return e, nil
}
