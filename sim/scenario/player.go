package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

// Options tune a Player. The zero Options are Prosody's test setup.
type Options struct {
	// Seed seeds the engine's identifiers (generated resources, ids);
	// 0 means 1.
	Seed uint64
	// Timeout is how long, in virtual time, a receives waits for a stanza
	// that has not arrived, and how long "receives: nothing" watches;
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// StrictFIFO is a diagnostic mode: stanzas left over from a read are
	// kept for the client's next receives instead of being discarded (see
	// the delivery rule in the package documentation).
	StrictFIFO bool
	// MaxSteps bounds the engine steps one action may take; 0 means
	// DefaultMaxSteps.
	MaxSteps int
}

// Defaults of Options.
const (
	DefaultTimeout  = 5 * time.Second
	DefaultMaxSteps = 100000
)

// Player plays a script one action at a time against its own fresh engine.
// It is not safe for concurrent use.
type Player struct {
	name    string
	script  *scansion.Script
	opts    Options
	eng     *engine.Engine
	clients map[string]*actor
	matcher scansion.Matcher
	next    int
	read    *read
	failure *Failure
	// discarded holds every stanza discarded so far, for failure reports.
	discarded []Discard
}

// actor is the runner's view of one declared client.
type actor struct {
	decl scansion.Client
	// seen is how many of the engine client's received elements the
	// runner has taken; online is true between connects and disconnects.
	seen    int
	online  bool
	fullJID string
	pending []*etree.Element
}

// read is the current read of one client: the stanzas snapshot by its
// last receives that it has not matched yet.
type read struct {
	client string
	items  []*etree.Element
}

// Load parses a script and returns a player for it; name is used in error
// messages and reports.
func Load(name string, src []byte, opts Options) (*Player, error) {
	s, err := scansion.Parse(name, src)
	if err != nil {
		return nil, err
	}
	return New(name, s, opts)
}

// New returns a player for a parsed script, with a fresh engine whose
// server uses Prosody's test configuration: "insecure" authentication
// (every localpart exists, any password is accepted) on the hosts the
// script's clients use.
func New(name string, s *scansion.Script, opts Options) (*Player, error) {
	if s == nil {
		return nil, fmt.Errorf("scenario: nil script")
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	eng, err := engine.New(engineConfig(s, opts.Seed))
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	p := &Player{name: name, script: s, opts: opts, eng: eng, clients: map[string]*actor{}}
	for _, c := range s.Clients {
		if err := p.addClient(c); err != nil {
			return nil, err
		}
	}
	if hashedAuth(s) {
		if err := p.addAccounts(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// hashedAuth reports whether a script asks, with the tag
// "## authentication: internal_hashed", for real accounts instead of
// Prosody's insecure test authentication (a SessionScope extension).
func hashedAuth(s *scansion.Script) bool {
	for _, t := range s.Tags {
		k, v, _ := strings.Cut(t, ":")
		if strings.TrimSpace(k) == "authentication" && strings.TrimSpace(v) == "internal_hashed" {
			return true
		}
	}
	return false
}

// addAccounts creates one account per bare JID of the script, with the
// password of the first client declared for it that does not expect its
// login to fail.
func (p *Player) addAccounts() error {
	done := map[string]bool{}
	for _, c := range p.script.Clients {
		bare := c.BareJID()
		if done[bare] || expectsLoginFailure(c) {
			continue
		}
		done[bare] = true
		user, _, _ := strings.Cut(bare, "@")
		if err := p.eng.AddAccount(user, c.Password); err != nil {
			return fmt.Errorf("scenario: account for %q: %w", c.Name, err)
		}
	}
	return nil
}

// engineConfig is the engine configuration for a script: Prosody's
// defaults with insecure authentication, serving localhost and every
// domain a client names.
func engineConfig(s *scansion.Script, seed uint64) engine.Config {
	cfg := engine.DefaultConfig()
	cfg.Seed = seed
	cfg.Server.Authentication = "insecure"
	if hashedAuth(s) {
		cfg.Server.Authentication = "internal_hashed"
	}
	for _, c := range s.Clients {
		host := domainOf(c.BareJID())
		if host != "" && !contains(cfg.Server.Hosts, host) {
			cfg.Server.Hosts = append(cfg.Server.Hosts, host)
		}
	}
	return cfg
}

// Script returns the script being played.
func (p *Player) Script() *scansion.Script { return p.script }

// Name returns the name the script was loaded under.
func (p *Player) Name() string { return p.name }

// Engine returns the engine the script plays against, for observers and
// for showing sessions.
func (p *Player) Engine() *engine.Engine { return p.eng }

// Position returns the index of the next action to perform.
func (p *Player) Position() int { return p.next }

// Done reports whether the script has ended: every action was performed
// or one failed.
func (p *Player) Done() bool { return p.failure != nil || p.next >= len(p.script.Actions) }

// Failure returns the failure that ended the script, or nil.
func (p *Player) Failure() *Failure { return p.failure }

// Next performs the next action and returns its outcome. After the last
// action (or a failure) it returns nil.
func (p *Player) Next() *Outcome {
	if p.Done() {
		return nil
	}
	i := p.next
	a := p.script.Actions[i]
	out := &Outcome{Index: i, Action: a, Narration: a.Comments}
	p.next++
	reason := p.perform(a, out)
	if reason == nil {
		reason = p.checkDropped()
	}
	if reason == nil {
		p.afterAction(i, out)
	}
	if p.Done() && reason == nil {
		p.finish(out)
	}
	out.Sessions = p.eng.Sessions()
	if reason != nil {
		out.Failure = p.fail(i, a, reason, out)
		return out
	}
	p.discarded = append(p.discarded, out.Discarded...)
	out.Pass = true
	return out
}

// Run plays the rest of the script and returns every outcome and the
// failure, if any.
func (p *Player) Run() ([]*Outcome, *Failure) {
	var outs []*Outcome
	for o := p.Next(); o != nil; o = p.Next() {
		outs = append(outs, o)
	}
	return outs, p.failure
}

// perform carries out one action; a non-nil result says why it failed.
func (p *Player) perform(a scansion.Action, out *Outcome) *reason {
	act := p.clients[a.Client]
	if act == nil {
		return &reason{msg: fmt.Sprintf("no client named %q", a.Client)}
	}
	switch a.Kind {
	case scansion.Connects:
		return p.connect(act, out)
	case scansion.Disconnects:
		return p.disconnect(act, out)
	case scansion.Sends:
		return p.send(act, a, out)
	case scansion.Receives:
		return p.receive(act, a, out)
	case scansion.ReceivesNothing:
		return p.receiveNothing(act, out)
	}
	return &reason{msg: fmt.Sprintf("unknown action kind %d", a.Kind)}
}

// expand substitutes the script's variables in a payload and parses it.
func (p *Player) expand(a scansion.Action) ([]*etree.Element, *reason) {
	xml, err := scansion.Expand(a.XML, p.lookup)
	if err != nil {
		return nil, &reason{msg: "cannot expand the payload: " + err.Error()}
	}
	els, err := scansion.ParseStanzas(xml)
	if err != nil {
		return nil, &reason{msg: "cannot parse the payload: " + err.Error()}
	}
	if len(els) == 0 {
		return nil, &reason{msg: "the payload holds no stanza"}
	}
	return els, nil
}

// lookup resolves the text of a variable: ${Name's JID} is known from the
// declaration, ${Name's full JID} only once Name has connected.
func (p *Player) lookup(v string) (string, bool) {
	name, prop, ok := scansion.SplitVar(v)
	act := p.clients[name]
	if !ok || act == nil {
		return "", false
	}
	switch prop {
	case scansion.PropJID:
		return act.decl.BareJID(), true
	case scansion.PropFullJID:
		return act.fullJID, act.fullJID != ""
	}
	return "", false
}

func domainOf(bare string) string {
	if i := strings.IndexByte(bare, '@'); i >= 0 {
		return bare[i+1:]
	}
	return bare
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
