package engine

import (
	"github.com/sessionscope/sessionscope/sim/token"
)

// withTokenMechanism returns the server's sasl_mechanisms with OAUTHBEARER
// appended when the token service is installed and the list lacks it.
// Without the service the list is returned unchanged, so Prosody's default
// features are untouched.
func withTokenMechanism(cfg Config) []string {
	mechs := cfg.Server.Mechanisms
	if cfg.Token == nil {
		return mechs
	}
	for _, m := range mechs {
		if m == token.Mechanism {
			return mechs
		}
	}
	return append(append([]string(nil), mechs...), token.Mechanism)
}

// installToken installs the token service when the configuration asks
// for it: keys from storage or derived from the seed, the token iq, and
// OAUTHBEARER. Token identifiers come from the seeded source.
func (e *Engine) installToken() error {
	if e.cfg.Token == nil {
		return nil
	}
	m, err := token.Install(*e.cfg.Token, token.Deps{
		Server: e.server, Now: e.clock.Now, NewID: e.ids.UUID, Seed: e.cfg.Seed,
	})
	if err != nil {
		return err
	}
	e.tokens = m
	return nil
}

// Tokens returns the token service, or nil when it is not installed.
func (e *Engine) Tokens() *token.Module { return e.tokens }

// EnableTokens installs the token service with c in the run: the engine is
// rebuilt from the seed with it and the recorded inputs are replayed up to
// the current position. Later rebuilds and loaded scenarios keep it.
func (t *Timeline) EnableTokens(c token.Config) error {
	old := *t
	t.cfg.Token = &c
	pos := t.pos
	if err := t.rebuild(); err != nil {
		*t = old
		return err
	}
	return t.Seek(pos)
}
