package token

import (
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Mechanism is the SASL mechanism name the module adds.
const Mechanism = "OAUTHBEARER"

// Deps is what the module needs from the engine.
type Deps struct {
	Server *server.Server   // the server to join
	Now    func() time.Time // the virtual clock
	NewID  func() string    // the seeded source, for jti
	Seed   uint64           // the scenario seed, for keys not yet stored
}

// Module is the token service installed in one server.
type Module struct {
	cfg  Config
	deps Deps
	keys map[string]paseto.SecretKey
}

// Install loads (or derives and stores) every host's key pair, registers
// the token iq handler and adds the OAUTHBEARER mechanism. The mechanism is
// offered only where the server's sasl_mechanisms lists it.
func Install(cfg Config, d Deps) (*Module, error) {
	if d.Server == nil || d.Now == nil || d.NewID == nil {
		return nil, fmt.Errorf("token: incomplete dependencies")
	}
	m := &Module{cfg: cfg, deps: d, keys: make(map[string]paseto.SecretKey)}
	for _, host := range d.Server.Config().Hosts {
		sk, err := LoadKey(d.Server.Store(), host, d.Seed)
		if err != nil {
			return nil, err
		}
		m.keys[host] = sk
	}
	d.Server.HandleIQ(stanza.NSTokenSrv, m.handleIQ)
	d.Server.AddMechanism(Mechanism, m.newMechanism)
	return m, nil
}

// Config returns the module's configuration.
func (m *Module) Config() Config { return m.cfg }

// PublicKey returns host's public key; it is the zero key for a host the
// server does not serve.
func (m *Module) PublicKey(host string) paseto.PublicKey { return m.keys[host].Public() }

// Verifier returns a third-party verifier for host's tokens, holding only
// the public key.
func (m *Module) Verifier(host string) Verifier {
	return Verifier{Host: host, Audience: m.cfg.AudienceFor(host), Key: m.PublicKey(host)}
}

// Issue signs a token for r on host, at the current virtual time.
func (m *Module) Issue(host string, r Request) (string, paseto.Claims, error) {
	sk, ok := m.keys[host]
	if !ok {
		return "", paseto.Claims{}, fmt.Errorf("token: host %q is not served", host)
	}
	if r.Hats == nil {
		r.Hats = m.cfg.Hats[r.Username]
	}
	c, err := NewClaims(m.cfg, host, r, m.deps.Now(), m.deps.NewID())
	if err != nil {
		return "", paseto.Claims{}, err
	}
	tok, err := SignClaims(sk, c)
	return tok, c, err
}

// Sign signs arbitrary claims with host's key, as a test or a scenario
// forging odd tokens needs.
func (m *Module) Sign(host string, c paseto.Claims) (string, error) {
	sk, ok := m.keys[host]
	if !ok {
		return "", fmt.Errorf("token: host %q is not served", host)
	}
	return SignClaims(sk, c)
}

// sessionInSASL returns the unauthenticated session currently running
// OAUTHBEARER. The mechanism finishes in one step, so at most one session
// is ever inside it: the one whose step is running.
func (m *Module) sessionInSASL(host string) *session.Session {
	for _, s := range m.deps.Server.Sessions() {
		if s.SASLMech == Mechanism && s.Host == host && s.Type == session.TypeUnauthed {
			return s
		}
	}
	return nil
}
