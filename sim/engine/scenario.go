package engine

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/sessionscope/sessionscope/sim/server"
)

// Scenario is a run as it is saved and shared: replaying Inputs on an
// engine built from Config (its seed, server configuration and options)
// reproduces it exactly, and Position says how far to go.
type Scenario struct {
	Config   Config  `json:"config"`
	Inputs   []Input `json:"inputs"`
	Position int     `json:"position"`
	// Lesson names the built-in lesson whose run this is, so that a saved
	// or shared lesson comes back with its narration; "" for other runs.
	Lesson string `json:"lesson,omitempty"`
}

// maxFragment bounds what DecodeFragment will inflate, so that a crafted
// link cannot exhaust memory.
const maxFragment = 16 << 20

var errNoPacker = errors.New("engine: shared links cannot be packed here (no Packer)")

// Packer compresses a shared link's JSON with raw DEFLATE (RFC 1951) and
// inflates it back: package deflate's natively; the browser's own
// CompressionStream on the page, which spares its download the code.
type Packer interface {
	Pack(raw []byte) ([]byte, error)
	// Unpack inflates packed, stopping once it has max bytes: what a
	// crafted link may inflate to is for its caller to judge.
	Unpack(packed []byte, max int) ([]byte, error)
}

// EncodeFragment writes s as JSON, compressed by p and encoded as
// unpadded base64url, fit for a URL fragment.
func EncodeFragment(p Packer, s Scenario) (string, error) {
	if p == nil {
		return "", errNoPacker
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("engine: %w", err)
	}
	packed, err := p.Pack(raw)
	if err != nil {
		return "", fmt.Errorf("engine: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(packed), nil
}

// DecodeFragment reads what EncodeFragment wrote, inflating with p.
// Damaged or oversized text gives an error, never a panic.
func DecodeFragment(p Packer, text string) (Scenario, error) {
	var s Scenario
	if p == nil {
		return s, errNoPacker
	}
	packed, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return s, fmt.Errorf("engine: shared link: %w", err)
	}
	raw, err := p.Unpack(packed, maxFragment+1)
	if err != nil {
		return s, fmt.Errorf("engine: shared link: %w", err)
	}
	if len(raw) > maxFragment {
		return s, errors.New("engine: shared link: too large")
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, fmt.Errorf("engine: shared link: %w", err)
	}
	return s, nil
}

// Configure replaces the server configuration. It is allowed only before
// the run has any input, since inputs were recorded against the old one.
func (t *Timeline) Configure(c server.Config) error {
	if len(t.inputs) > 0 {
		return errors.New("engine: the configuration can change only before the run starts")
	}
	if err := validate(c); err != nil {
		return err
	}
	t.cfg.Server = c
	return t.rebuild()
}

// Marshal is json.Marshal(s), written input by input and calling pause
// before each, so that a host with one thread (a browser page) can let
// its event loop run while a long run is saved.
func (s Scenario) Marshal(pause func()) ([]byte, error) {
	cfg, err := json.Marshal(s.Config)
	if err != nil {
		return nil, err
	}
	b := append(append([]byte(`{"config":`), cfg...), `,"inputs":`...)
	if s.Inputs == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, in := range s.Inputs {
			pause()
			one, err := json.Marshal(in)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, one...)
		}
		b = append(b, ']')
	}
	b = strconv.AppendInt(append(b, `,"position":`...), int64(s.Position), 10)
	if s.Lesson != "" {
		name, err := json.Marshal(s.Lesson)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"lesson":`...), name...)
	}
	return append(b, '}'), nil
}
