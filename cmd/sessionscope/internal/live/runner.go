package live

import (
	"context"
	"crypto/tls"
	"errors"
	"sync/atomic"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/view"
)

// User is an account created when the runner starts.
type User struct {
	Name, Password string
}

// Config configures a Runner. Zero fields take the defaults noted.
type Config struct {
	Engine engine.Config
	Users  []User
	// MaxConns is the most connections open at once (default 4096); more
	// are refused with a resource-constraint stream error (HTTP 503 on the
	// WebSocket endpoint).
	MaxConns int
	// MaxPerAddr is the most connections open at once from one IP
	// address; more are refused with a policy-violation stream error
	// (HTTP 429 on the WebSocket endpoint). 0: no limit.
	MaxPerAddr int
	// QueueBytes bounds each connection's write queue (default 1 MiB); a
	// client whose queue is full is dropped.
	QueueBytes int
	// ReadTimeout is how long a connection may stay silent (default the
	// server's read_timeout, 840 s).
	ReadTimeout time.Duration
	// WriteTimeout bounds one socket write (default 30 s).
	WriteTimeout time.Duration
	// ReadRate throttles reading from each connection to this many bytes
	// a second, with a burst of two seconds' worth, as Prosody's mod_limits
	// does (its default is 10 KiB/s); 0 reads without limit.
	ReadRate int
	// Tick is how often the virtual clock catches up with real time
	// (default 1 s).
	Tick time.Duration
	// TLS, when set, is the certificate configuration of mod_tls: TCP
	// connections may then start TLS (the engine's server needs
	// Config.TLS to offer it), and ServeDirectTLS may be used.
	TLS *tls.Config
	// Record keeps every input, for Scenario and Recorded (listen's
	// -record and -scs); otherwise nothing is kept of the inputs, so that
	// a long run does not grow.
	Record bool
	// KeepEnded is how many destroyed sessions stay on view (default
	// 100): older ones are dismissed, a recorded input like any other.
	KeepEnded int
}

// wallClock starts the engine's clock at the wall-clock time, unless the
// configuration names a start: the start is part of the recorded
// configuration, so a replay gives the same delay stamps. It returns the
// instant the virtual clock must keep up with from then on.
func (c *Config) wallClock() time.Time {
	now := time.Now()
	if c.Engine.Start.IsZero() {
		c.Engine.Start = now.UTC().Truncate(time.Second)
		return c.Engine.Start
	}
	return now
}

func (c *Config) defaults() {
	if c.MaxConns <= 0 {
		c.MaxConns = 4096
	}
	if c.QueueBytes <= 0 {
		c.QueueBytes = 1 << 20
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = c.Engine.Server.ReadTimeout.Duration()
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 840 * time.Second
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 30 * time.Second
	}
	if c.Tick <= 0 {
		c.Tick = time.Second
	}
	if c.KeepEnded <= 0 {
		c.KeepEnded = 100
	}
	c.Engine.Unrecorded = !c.Record
}

// Runner owns one engine and the sockets that feed it.
type Runner struct {
	cfg   Config
	since time.Time // the wall-clock instant the virtual clock stands for
	eng   *engine.Engine
	in    chan msg
	open  atomic.Int64 // connections open now
	addrs addrLimit    // connections open now by address
	seq   atomic.Int64 // connections ever accepted, for names
	done  chan struct{}
	warm  func(msg []byte) // derives a PLAIN message's key ahead, on any goroutine
	byID  map[string]*conn // by the engine's connection id; engine goroutine only
	drops []*conn          // connections to drop once the current step ends
	ended []string         // destroyed sessions on view, oldest first; engine goroutine only
	// watchers are the pages following the events, each with whether it
	// sees credentials; engine goroutine only.
	watchers map[chan []byte]bool
	// masking is set once the events are served: maskers then follow each
	// connection's input (engine goroutine only).
	masking atomic.Bool
	maskers map[string]*view.Masker
}

type msgKind int

const (
	mDial msgKind = iota
	mData
	mHangup
	mIdle
	mCall
	mSecure
	mWritten
)

// msg is one thing for the engine goroutine to do.
type msg struct {
	kind msgKind
	c    *conn
	data []byte
	n    int // chunks written (mWritten)
	fn   func(*engine.Engine)
	done chan struct{}
	// ack, for data from a socket that may start TLS, is told once the
	// data is processed whether the server now waits for the handshake.
	ack      chan bool
	bindings map[string][]byte // mSecure: the channel-binding data
}

// New creates the engine, subscribes observers and creates the accounts.
// The engine belongs to the runner: use Do to reach it once Run has
// started.
func New(cfg Config, observers ...engine.Observer) (*Runner, error) {
	cfg.defaults()
	since := cfg.wallClock()
	if cfg.Engine.Cache == nil {
		cfg.Engine.Cache = sasl.NewCache(4096) // shared with the readers' warming
	}
	eng, err := engine.New(cfg.Engine)
	if err != nil {
		return nil, err
	}
	for _, o := range observers {
		eng.Subscribe(o)
	}
	for _, u := range cfg.Users {
		if err := eng.AddAccount(u.Name, u.Password); err != nil {
			return nil, err
		}
	}
	salts, cache := accountSalts(eng), cfg.Engine.Cache
	r := &Runner{cfg: cfg, since: since, addrs: addrLimit{max: cfg.MaxPerAddr}, eng: eng, in: make(chan msg, 256), done: make(chan struct{}),
		byID: make(map[string]*conn), watchers: make(map[chan []byte]bool), maskers: make(map[string]*view.Masker)}
	r.warm = func(msg []byte) { cache.WarmPLAIN(msg, salts, cfg.Engine.Server.DefaultIterationCount) }
	eng.Subscribe(r.observe)
	eng.Subscribe(r.publish)
	return r, nil
}

// Subscribe adds an observer of the engine's events; call it before Run.
// Observers run on the engine goroutine and must not block.
func (r *Runner) Subscribe(o engine.Observer) { r.eng.Subscribe(o) }

// Open returns the number of connections open now.
func (r *Runner) Open() int { return int(r.open.Load()) }

// ErrStopped is returned by Do once the runner has stopped.
var ErrStopped = errors.New("live: the runner has stopped")

// Do runs fn on the engine goroutine and waits for it; the engine then
// steps until idle. It reports ErrStopped after Run has returned.
func (r *Runner) Do(fn func(*engine.Engine)) error {
	m := msg{kind: mCall, fn: fn, done: make(chan struct{})}
	select {
	case r.in <- m:
	case <-r.done:
		return ErrStopped
	}
	select {
	case <-m.done:
		return nil
	case <-r.done:
		return ErrStopped
	}
}

// Run is the engine goroutine: it applies what the sockets send, steps
// the engine until idle after each input and advances the virtual clock
// with real time, until ctx is done. It then closes every connection.
func (r *Runner) Run(ctx context.Context) {
	defer close(r.done)
	r.settle()
	tick := time.NewTicker(r.cfg.Tick)
	defer tick.Stop()
	last := r.since // the first tick catches up with the time spent starting
	for {
		select {
		case m := <-r.in:
			r.handle(m)
			if m.ack != nil {
				r.settle()
				m.ack <- !m.c.gone && r.eng.AwaitingTLS(m.c.name)
			}
		case now := <-tick.C:
			r.eng.Advance(now.Sub(last))
			last = now
		case <-ctx.Done():
			for _, c := range r.byID {
				c.t.Close()
			}
			return
		}
		r.settle()
	}
}

// settle steps until nothing is pending, dropping connections whose write
// queue overflowed between steps, never during one.
func (r *Runner) settle() {
	for {
		r.applyDrops()
		if !r.eng.Step() {
			break
		}
	}
	r.applyDrops()
	r.dismissEnded()
}

// dismissEnded dismisses the oldest destroyed sessions beyond KeepEnded.
func (r *Runner) dismissEnded() {
	for len(r.ended) > r.cfg.KeepEnded {
		id := r.ended[0]
		r.ended = r.ended[1:]
		r.eng.Dismiss(id)
	}
}

func (r *Runner) applyDrops() {
	for len(r.drops) > 0 {
		c := r.drops[0]
		r.drops = r.drops[1:]
		c.t.Close()
		r.hangup(c)
	}
}

func (r *Runner) handle(m msg) {
	switch m.kind {
	case mDial:
		id, err := r.eng.DialFrom(m.c.name, m.c.addr, m.c.startTLS)
		if err != nil {
			m.c.t.Close()
			m.c.gone = true
			m.c.finish()
			return
		}
		m.c.id = id
		r.byID[id] = m.c
	case mData:
		if !m.c.gone {
			_ = r.eng.Recv(m.c.name, m.data) // only fails for a connection already gone
		}
	case mHangup:
		r.hangup(m.c)
	case mSecure:
		if !m.c.gone {
			_ = r.eng.Secure(m.c.name, m.bindings)
		}
	case mIdle:
		r.idle(m.c)
	case mWritten:
		if !m.c.gone {
			_ = r.eng.Written(m.c.name, m.n) // only fails for a connection already gone
		}
	case mCall:
		m.fn(r.eng)
		r.settle()
		close(m.done)
	}
}

// hangup tells the engine a connection is gone and stops writing to it.
func (r *Runner) hangup(c *conn) {
	if c.gone {
		return
	}
	c.gone = true
	if c.id != "" {
		_ = r.eng.Hangup(c.name)
		delete(r.byID, c.id)
	}
	c.finish()
}

// idle handles a read timeout: Prosody sends a keepalive when the stream
// is open and drops the connection otherwise.
func (r *Runner) idle(c *conn) {
	if c.gone {
		return
	}
	if c.streamOpen {
		c.enqueue(outItem{keepalive: true})
		c.rearm()
		return
	}
	c.t.Close()
	r.hangup(c)
}

// observe routes server output to sockets and tracks whether each
// connection's stream is open.
func (r *Runner) observe(ev engine.Event) {
	switch ev.Kind {
	case engine.Wire:
		if ev.Dir != engine.Out {
			return
		}
		c := r.byID[ev.Conn]
		if c == nil || c.gone {
			return
		}
		if ev.What == "close" {
			c.finish()
			return
		}
		if !c.enqueue(outItem{data: []byte(ev.Raw), ack: ev.Ack}) {
			r.drops = append(r.drops, c)
		}
	case engine.SessionCreated, engine.SessionChanged, engine.SessionDestroyed:
		if ev.Kind == engine.SessionDestroyed {
			r.ended = append(r.ended, ev.SessionID)
		}
		if c := r.byID[ev.Snapshot.ConnID]; c != nil {
			c.streamOpen = !ev.Snapshot.Fields["notopen"].Set && ev.Snapshot.State != session.StateDestroyed
		}
	}
}
