package token

import (
	"fmt"
	"slices"
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

// Install registers the token iq handler and adds the OAUTHBEARER
// mechanism. Each host's key pair is loaded (or derived and stored) when it
// is first needed: deriving an Ed25519 key costs milliseconds in
// WebAssembly, and most runs never use a token. The mechanism is
// offered only where the server's sasl_mechanisms lists it.
func Install(cfg Config, d Deps) (*Module, error) {
	if d.Server == nil || d.Now == nil || d.NewID == nil {
		return nil, fmt.Errorf("token: incomplete dependencies")
	}
	m := &Module{cfg: cfg, deps: d, keys: make(map[string]paseto.SecretKey)}
	d.Server.HandleIQ(stanza.NSTokenSrv, m.handleIQ)
	d.Server.AddMechanism(Mechanism, m.newMechanism)
	return m, nil
}

// Config returns the module's configuration.
func (m *Module) Config() Config { return m.cfg }

// PublicKey returns host's public key; it is the zero key for a host the
// server does not serve.
func (m *Module) PublicKey(host string) paseto.PublicKey {
	sk, _ := m.key(host)
	return sk.Public()
}

// key returns host's key pair, loading it on first use.
func (m *Module) key(host string) (paseto.SecretKey, error) {
	if sk, ok := m.keys[host]; ok {
		return sk, nil
	}
	if !slices.Contains(m.deps.Server.Config().Hosts, host) {
		return paseto.SecretKey{}, fmt.Errorf("token: host %q is not served", host)
	}
	sk, err := LoadKey(m.deps.Server.Store(), host, m.deps.Seed)
	if err != nil {
		return paseto.SecretKey{}, err
	}
	m.keys[host] = sk
	return sk, nil
}

// Verifier returns a third-party verifier for host's tokens, holding only
// the public key.
func (m *Module) Verifier(host string) Verifier {
	return Verifier{Host: host, Audience: m.cfg.AudienceFor(host), Key: m.PublicKey(host)}
}

// Issue signs a token for r on host, at the current virtual time.
func (m *Module) Issue(host string, r Request) (string, paseto.Claims, error) {
	sk, err := m.key(host)
	if err != nil {
		return "", paseto.Claims{}, err
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
	sk, err := m.key(host)
	if err != nil {
		return "", err
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
