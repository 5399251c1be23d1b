package engine

import (
	"fmt"
	"time"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/ids"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/storage"
	"github.com/sessionscope/sessionscope/sim/token"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// Config configures an engine.
type Config struct {
	Seed   uint64        `json:"seed"`
	Server server.Config `json:"server"`
	// Token, when set, installs the token service (sim/token): the token
	// iq and SASL OAUTHBEARER, which is then added to the mechanisms.
	Token *token.Config `json:"token,omitempty"`
	// DropDestroyed forgets each destroyed session as soon as it is
	// destroyed, instead of keeping it on view until dismissed: for long
	// runs and benchmarks.
	DropDestroyed bool `json:"drop_destroyed,omitempty"`
	// Start is where the virtual clock starts; zero means clock.Epoch.
	// A listener starts its clock at the wall-clock time and records it
	// here, so that its run replays to the same delay stamps and token
	// times.
	Start time.Time `json:"start,omitzero"`
	// Unrecorded keeps no input log (Inputs returns nothing): for a
	// long-running listener that saves no run. It is not part of a
	// replayable scenario.
	Unrecorded bool `json:"-"`
	// FS is where the server stores its data; nil means a fresh in-memory
	// file system. It is not part of a replayable scenario.
	FS hackpadfs.FS `json:"-"`
	// Cache remembers PLAIN verifications and derived credentials; nil
	// means a fresh one for this engine. A [Timeline] shares one among the
	// engines it rebuilds, so that a replay does not run PBKDF2 again. It
	// is not part of a replayable scenario.
	Cache *sasl.Cache `json:"-"`
}

// cacheSize bounds an engine's own cache; a timeline's is larger, to
// cover a crowd of accounts and their logins.
const (
	cacheSize         = 4096
	timelineCacheSize = 1 << 15
)

// DefaultConfig returns seed 1 and Prosody's default server configuration.
func DefaultConfig() Config {
	return Config{Seed: 1, Server: server.DefaultConfig()}
}

// Engine is one deterministic simulation.
type Engine struct {
	cfg       Config
	clock     *clock.Clock
	ids       *ids.Source
	net       *vnet.Network
	server    *server.Server
	clients   []*client.Client
	byName    map[string]*client.Client
	byConn    map[*vnet.Conn]*client.Client
	inputs    []Input
	forget    bool // its clients keep no received elements (a timeline's: client.Forget)
	applied   int  // inputs applied, each step of a folded step input counted
	observers []Observer
	step      int
	last      map[*session.Session]session.Snapshot
	diffed    map[*session.Session]bool // diffed unobserved, for a rewinder (rewind.go)
	emitted   int                       // events emitted, observed or not
	tokens    *token.Module
	cache     *sasl.Cache
	ext       externals // external connections (external.go)
	pause     func()    // called between the steps of a folded step input
}

// New returns an engine in its initial state.
func New(cfg Config) (*Engine, error) {
	fsys := cfg.FS
	if fsys == nil {
		m, err := mem.NewFS()
		if err != nil {
			return nil, fmt.Errorf("engine: %w", err)
		}
		fsys = m
	}
	cfg.Server.Mechanisms = withTokenMechanism(cfg)
	e := &Engine{
		cfg: cfg, clock: clock.New(cfg.start()), ids: ids.New(cfg.Seed),
		byName: make(map[string]*client.Client), byConn: make(map[*vnet.Conn]*client.Client),
		last: make(map[*session.Session]session.Snapshot),
	}
	srv, err := server.New(cfg.Server, e.clock, e.ids, storage.New(fsys))
	if err != nil {
		return nil, err
	}
	e.server = srv
	e.cache = cfg.Cache
	if e.cache == nil {
		e.cache = sasl.NewCache(cacheSize)
	}
	srv.SetCache(e.cache)
	if err := e.installToken(); err != nil {
		return nil, err
	}
	e.net = vnet.New(srv)
	return e, nil
}

// start returns where the clock starts.
func (c Config) start() time.Time {
	if c.Start.IsZero() {
		return clock.Epoch
	}
	return c.Start
}

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// Subscribe adds an observer.
func (e *Engine) Subscribe(o Observer) { e.observers = append(e.observers, o) }

func (e *Engine) emit(ev Event) {
	e.emitted++
	ev.Step = e.step
	for _, o := range e.observers {
		o(ev)
	}
}

// expect makes room for n recorded inputs: a timeline going back knows
// how many the engine it replaces had recorded.
func (e *Engine) expect(n int) {
	if !e.cfg.Unrecorded && n > cap(e.inputs) {
		e.inputs = make([]Input, 0, n)
	}
}

// Inputs returns a copy of the inputs applied so far.
func (e *Engine) Inputs() []Input { return append([]Input(nil), e.inputs...) }

func (e *Engine) record(in Input) {
	e.applied++
	if !e.cfg.Unrecorded {
		e.inputs = append(e.inputs, in)
	}
}

// Applied returns how many inputs the engine has applied, counting each
// step of a folded step input as one: the position a timeline of the same
// inputs with every step unfolded would be at. It copies nothing.
func (e *Engine) Applied() int { return e.applied }

// Start returns the instant the virtual clock started at (Config.Start,
// else clock.Epoch).
func (e *Engine) Start() time.Time { return e.cfg.start() }

// Now returns the virtual time.
func (e *Engine) Now() time.Time { return e.clock.Now() }

// StepCount returns the number of steps performed.
func (e *Engine) StepCount() int { return e.step }

// Server returns the simulated server.
func (e *Engine) Server() *server.Server { return e.server }

// Network returns the simulated network.
func (e *Engine) Network() *vnet.Network { return e.net }

// AddAccount creates (or replaces) an account on the first host, storing
// salted SCRAM credentials, never the password.
func (e *Engine) AddAccount(user, password string) error {
	node, ok := jid.Nodeprep(user)
	if !ok || node == "" {
		return fmt.Errorf("engine: invalid username %q", user)
	}
	creds, err := e.cache.NewCredentials(password, e.ids.Bytes(16), e.cfg.Server.DefaultIterationCount)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	host := e.cfg.Server.Hosts[0]
	if err := e.server.Store().PutAccount(host, storage.Account{Username: node, Credentials: creds}); err != nil {
		return err
	}
	e.record(Input{Op: OpAccount, User: user, Password: password})
	e.emit(Event{Kind: InputApplied, What: "account " + node + "@" + host})
	return nil
}

// HasAccount reports whether the first host has an account for user.
func (e *Engine) HasAccount(user string) bool {
	node, ok := jid.Nodeprep(user)
	if !ok {
		return false
	}
	_, found, err := e.server.Store().Account(e.cfg.Server.Hosts[0], node)
	return found && err == nil
}

// AddClient creates a simulated client. Its name defaults to its user
// name, made unique with a number.
func (e *Engine) AddClient(spec client.Spec) (*client.Client, error) {
	if spec.Host == "" {
		spec.Host = e.cfg.Server.Hosts[0]
	}
	if spec.Name == "" {
		spec.Name = e.uniqueName(spec.User)
	}
	if _, dup := e.byName[spec.Name]; dup {
		return nil, fmt.Errorf("engine: a client named %q exists", spec.Name)
	}
	c := client.New(spec)
	if e.forget {
		c.Forget()
	}
	e.clients = append(e.clients, c)
	e.byName[spec.Name] = c
	e.record(Input{Op: OpClient, Client: &spec})
	e.emit(Event{Kind: InputApplied, Client: spec.Name, What: "client " + spec.Name})
	return c, nil
}

func (e *Engine) uniqueName(base string) string {
	if base == "" {
		base = "client"
	}
	name := base
	for n := 2; e.byName[name] != nil; n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	return name
}

// Client returns the client with the given name, or nil.
func (e *Engine) Client(name string) *client.Client { return e.byName[name] }

// Clients returns every client, in creation order.
func (e *Engine) Clients() []*client.Client { return append([]*client.Client(nil), e.clients...) }

// Act makes a client take an action; its bytes wait on the network until
// stepped.
func (e *Engine) Act(name, action string) error {
	c := e.byName[name]
	if c == nil {
		return fmt.Errorf("engine: no client named %q", name)
	}
	if err := c.Act(e.net, action); err != nil {
		return err
	}
	if conn := c.Conn(); conn != nil {
		e.byConn[conn] = c
	}
	e.record(Input{Op: OpAct, Name: name, Action: action})
	e.emit(Event{Kind: InputApplied, Client: name, What: action})
	return nil
}

// Send makes a client write raw text, exactly as given, malformed or not.
func (e *Engine) Send(name, raw string) error {
	c := e.byName[name]
	if c == nil {
		return fmt.Errorf("engine: no client named %q", name)
	}
	if err := c.Send(raw); err != nil {
		return err
	}
	e.record(Input{Op: OpSend, Name: name, Raw: raw})
	e.emit(Event{Kind: InputApplied, Client: name, What: "send"})
	return nil
}

// Advance moves the virtual clock forward; timers that become due fire on
// the following steps.
func (e *Engine) Advance(d time.Duration) {
	e.clock.Advance(d)
	e.record(Input{Op: OpAdvance, Duration: d})
	e.emit(Event{Kind: InputApplied, What: "advance " + d.String()})
}

// Dismiss removes a destroyed session from view. It is recorded and
// reported to observers even when no such session is on view, so that a
// replay repeats it.
func (e *Engine) Dismiss(id string) {
	if e.server.Dismiss(id) {
		for s := range e.last {
			if s.ID == id && s.Destroyed {
				delete(e.last, s)
			}
		}
		for s := range e.diffed {
			if s.ID == id && s.Destroyed {
				delete(e.diffed, s)
			}
		}
	}
	e.record(Input{Op: OpDismiss, ID: id})
	e.emit(Event{Kind: InputApplied, SessionID: id, What: string(OpDismiss)})
}

// Pending reports how many deliveries and due timers wait.
func (e *Engine) Pending() int {
	n := e.net.Pending()
	if t := e.clock.Next(); t != nil && !t.Deadline.After(e.clock.Now()) {
		n++
	}
	return n
}
