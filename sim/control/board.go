package control

import (
	"errors"
	"fmt"
	"runtime"

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
	// Packer packs and reads share links (deflate.Packer natively; the
	// page's is the browser's).
	Packer engine.Packer

	forkIn []engine.Input // inputs waiting for the fork confirmation

	sockets map[string]socket // the in-tab WebSockets attached (sockets.go)
	outbox  []Out             // what the server wrote to them, not yet taken
	acks    []string          // a socket's name for each chunk the server waits to hear was written
	held    bool              // deliveries stay in flight even with a socket attached
	waits   []*Wait           // real clients' logins waiting for a bound session (realclient.go)

	replayed int    // inputs the spare engine replayed since Prepare last collected garbage
	collect  func() // collects garbage (runtime.GC; a test counts)
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
	b := &Board{TL: tl, Model: view.New(), collect: runtime.GC}
	b.Model.Attach(tl)
	tl.Subscribe(b.observeSockets)
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
	stopped, err := b.load("the "+from, s)
	if stopped {
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

// Adopt decides what becomes of a run restored from storage or a link,
// once storage is open; early reports whether the page was made ready
// before (there was no hint of a saved run). With no run, nothing
// changes. When the page was ready early and the user has already begun
// a run, that run stays and the restored one is returned, to be kept
// under the name returned; so is a restored run that no longer replays
// (Restore). Otherwise the restored run becomes the current one.
func (b *Board) Adopt(restore *engine.Scenario, from string, early bool) (keep *engine.Scenario, name string) {
	if restore == nil {
		return nil, ""
	}
	if _, total := b.TL.Position(); early && total > 0 {
		return restore, Recovered
	}
	if !b.Restore(*restore, from) {
		return restore, SetAside
	}
	return nil, ""
}

// Recovered is the name a saved run is kept under when the user began
// another one before storage was open.
const Recovered = "recovered run"

// EnsureTokens installs the token service in the run unless it has one,
// so that clients can ask for tokens and log in with OAUTHBEARER. It
// rebuilds the run.
func (b *Board) EnsureTokens() error {
	if b.TL.Engine().Tokens() != nil {
		return nil
	}
	return b.TL.EnableTokens(simtoken.DefaultConfig())
}

// load makes s the run. A replay the user stopped (engine.ErrStopped)
// stays where it got to, with its lesson, and says so under what; it is
// not an error.
func (b *Board) load(what string, s engine.Scenario) (stopped bool, err error) {
	err = b.TL.Load(s)
	if !errors.Is(err, engine.ErrStopped) {
		return false, err
	}
	b.Lesson = view.Reattach(s)
	b.Stopped(what)
	return true, nil
}

// Stopped says where a replay of what the user stopped got to: the run
// stays there, its later inputs kept.
func (b *Board) Stopped(what string) {
	step, total := b.TL.Position()
	b.say(fmt.Sprintf("Stopped replaying %s at input %d of %d. Seek, or press End, to replay the rest.", what, step, total))
}

// SetAside is the name a restored run that does not replay is kept under.
const SetAside = "run that did not replay"

// prepareStep is how many inputs Prepare replays on the spare engine at a
// time: a millisecond's work or so in a browser.
const prepareStep = 16

// collectAfter is how many inputs the spare engine replays before Prepare
// collects garbage once it is built.
const collectAfter = 4096

// Prepare is the page's idle work (Worker.Idle): it brings the timeline's
// spare engine up to one input behind the position, a little at a time,
// so that going back one step takes it instead of replaying the run from
// the seed (engine.Timeline.PrepareSpare). It reports whether more
// remains. A spare that cannot be built is given up: going back then
// replays from the seed, and reports what fails.
//
// Once it has built a spare of many inputs it collects the garbage the
// building left, while the page is still idle: in WebAssembly a
// collection stops everything for as long as it marks (most of a second
// with 10,000 sessions), and it would otherwise fall on the user's next
// step or move back.
func (b *Board) Prepare() bool {
	before, _ := b.TL.Spare()
	more, err := b.TL.PrepareSpare(prepareStep)
	after, _ := b.TL.Spare()
	if after > before {
		b.replayed += after - before
	}
	if !more && b.replayed >= collectAfter {
		b.replayed = 0
		b.collect()
	}
	return more && err == nil
}

// Spare is where the spare engine stands (Board.Prepare): Step inputs
// applied, and Ready when that is one input behind the position, so that
// going back one step takes it as it is.
type Spare struct {
	Step  int  `json:"step"`
	Ready bool `json:"ready"`
}

// Spare returns where the spare engine stands; Step is -1 when there is
// none.
func (b *Board) Spare() Spare {
	at, ok := b.TL.Spare()
	if !ok {
		return Spare{Step: -1}
	}
	pos, _ := b.TL.Position()
	return Spare{Step: at, Ready: at == pos-1}
}
