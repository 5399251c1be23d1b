package control

import (
	"errors"
	"fmt"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/server"
	simtoken "github.com/sessionscope/sessionscope/sim/token"
	"github.com/sessionscope/sessionscope/sim/view"
)

// Board is the page's run and what plays it. Its methods are for one
// goroutine at a time (the page's worker).
type Board struct {
	TL     *engine.Timeline
	Model  *view.Model
	Lesson *view.Lesson // the lesson being played, nil outside one

	// Say shows a message in the status line; Warn in the banner ("" hides
	// it); Keep saves a run under a name before a lesson replaces it. Each
	// may be nil.
	Say, Warn func(string)
	Keep      func(name string, s engine.Scenario)

	forkIn []engine.Input // inputs waiting for the fork confirmation
}

// ErrForkPending reports that an input waits for the user to confirm a
// fork of the run: it was made while the run shows the past.
var ErrForkPending = errors.New("confirm to fork the run")

// New returns a board on an empty run with cfg, with a model attached.
func New(cfg engine.Config) (*Board, error) {
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	b := &Board{TL: tl, Model: view.New()}
	b.Model.Attach(tl)
	return b, nil
}

func (b *Board) say(msg string) {
	if b.Say != nil {
		b.Say(msg)
	}
}

func (b *Board) warn(msg string) {
	if b.Warn != nil {
		b.Warn(msg)
	}
}

// Input applies new inputs. While the run shows the past they wait for
// ConfirmFork instead (ErrForkPending), unless force is set: the console
// forks at once.
func (b *Board) Input(force bool, ins ...engine.Input) error {
	if b.TL.InPast() && !force {
		b.forkIn = ins
		return ErrForkPending
	}
	b.forkIn = nil
	for _, in := range ins {
		if err := b.TL.Apply(in); err != nil {
			return err
		}
	}
	return nil
}

// ConfirmFork applies the waiting inputs, forking the run, or forgets
// them.
func (b *Board) ConfirmFork(yes bool) error {
	ins := b.forkIn
	b.forkIn = nil
	if !yes {
		return nil
	}
	return b.Input(true, ins...)
}

// AddClient creates the account when it does not exist yet, with the
// given password, then the client; both are recorded inputs.
func (b *Board) AddClient(user, pass, res string, force bool) error {
	var ins []engine.Input
	if !b.TL.Engine().HasAccount(user) {
		ins = append(ins, engine.Input{Op: engine.OpAccount, User: user, Password: pass})
	}
	spec := client.Spec{User: user, Password: pass, Resource: res}
	return b.Input(force, append(ins, engine.Input{Op: engine.OpClient, Client: &spec})...)
}

// Twin adds a client on the same account and resource as the client
// name: bind both to see conflict_resolve at work.
func (b *Board) Twin(name string) error {
	c := b.TL.Engine().Client(name)
	if c == nil {
		return fmt.Errorf("no client named %q", name)
	}
	return b.AddClient(c.User, c.Password, c.Resource, false)
}

// Configure changes the server's configuration, before the run's first
// input.
func (b *Board) Configure(c server.Config) error {
	if err := b.TL.Configure(c); err != nil {
		return err
	}
	b.say("Configuration applied.")
	return nil
}

// NewRun replaces the run with an empty one with the default
// configuration, the token service included, and leaves any lesson.
func (b *Board) NewRun() error {
	cfg := engine.DefaultConfig()
	tokens := simtoken.DefaultConfig()
	cfg.Token = &tokens
	b.Lesson = nil
	return b.TL.Load(engine.Scenario{Config: cfg})
}

// Restore makes a run restored from storage or a link the current one,
// with its lesson. A run that no longer replays (a release may tighten
// what an input accepts) is not thrown away: Restore warns, starts an
// empty run, and reports false so that the caller sets the run aside
// before anything new is written.
func (b *Board) Restore(s engine.Scenario, from string) bool {
	err := b.TL.Load(s)
	if errors.Is(err, engine.ErrStopped) {
		b.Lesson = view.Reattach(s)
		b.Stopped("the " + from)
		return true
	}
	if err != nil {
		b.warn("Could not replay the " + from + ": " + err.Error() + ". It is kept as “" + SetAside + "” in the lessons menu, and Download offers it as a file; this is a new run.")
		_ = b.TL.Load(engine.Scenario{Config: engine.DefaultConfig()})
		b.Lesson = nil
		return false
	}
	b.Lesson = view.Reattach(s)
	b.say("Restored the " + from + ".")
	return true
}

// Stopped says where a replay of what the user stopped got to: the run
// stays there, its later inputs kept.
func (b *Board) Stopped(what string) {
	step, total := b.TL.Position()
	b.say(fmt.Sprintf("Stopped replaying %s at input %d of %d. Seek, or press End, to replay the rest.", what, step, total))
}

// SetAside is the name a restored run that does not replay is kept under.
const SetAside = "run that did not replay"
