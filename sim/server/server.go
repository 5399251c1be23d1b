package server

import (
	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/ids"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/storage"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// Server is the simulated Prosody instance.
type Server struct {
	cfg   Config
	clock *clock.Clock
	ids   *ids.Source
	store *storage.Store
	cache *sasl.Cache

	conns     map[*vnet.Conn]*c2s
	bySession map[*session.Session]*c2s
	ordered   []*session.Session // every session ever created, oldest first
	touched   map[*session.Session]bool
	touchSeq  []*session.Session

	bareSessions map[string]*bareSession       // bare_sessions: bare JID -> the user's sessions and roster
	fullSessions map[string]*session.Session   // full_sessions: full JID -> session
	directed     map[*session.Session][]string // mod_presence's origin.directed: a session's directed presence set
	flushes      map[string]*offlineFlush      // mod_offline: queues on their way to a session, by bare JID

	iqHandlers map[string]IQHandler
	iqHooks    map[string]iqHook // mod_iq's events by target, type and payload (iq.go)
	caps       *discoInfo        // mod_disco's server disco#info and caps hash, built once
	extraMechs map[string]MechanismFactory
	hooks      Hooks

	featureCache map[string]string    // serialised features by stage and host
	throttles    map[string]*throttle // mod_limit_auth's, by address
}

// New returns a server with the given configuration, clock, identifier
// source and storage.
func New(cfg Config, clk *clock.Clock, src *ids.Source, store *storage.Store) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, clock: clk, ids: src, store: store,
		cache:      sasl.NewCache(4096),
		conns:      make(map[*vnet.Conn]*c2s),
		bySession:  make(map[*session.Session]*c2s),
		touched:    make(map[*session.Session]bool),
		iqHandlers: make(map[string]IQHandler),
		iqHooks:    make(map[string]iqHook),
		extraMechs: make(map[string]MechanismFactory),

		bareSessions: make(map[string]*bareSession),
		fullSessions: make(map[string]*session.Session),
		directed:     make(map[*session.Session][]string),
		flushes:      make(map[string]*offlineFlush),
		featureCache: make(map[string]string),
		throttles:    make(map[string]*throttle),
	}
	s.installModules()
	return s, nil
}

// installModules joins the modules to the session manager: the iq
// handlers of mod_saslauth (the legacy session iq) and mod_roster,
// rostermanager's roster loading at bind, mod_presence's and mod_offline's
// resource-unbind handlers, and the optional modules modules_enabled lists
// (mod_disco, mod_ping, mod_carbons).
func (s *Server) installModules() {
	s.HandleIQ(stanza.NSSession, sessionIQ)
	s.HandleIQ(stanza.NSRoster, rosterGet)
	s.hooks.RosterLoad = s.rosterLoad
	s.hooks.ResourceUnbind = append(s.hooks.ResourceUnbind, s.unbindPresence, s.offlineUnbind)
	if s.cfg.Loaded("disco") {
		s.installDisco()
	}
	if s.cfg.Loaded("ping") {
		s.installPing()
	}
	if s.cfg.Loaded("carbons") {
		s.installCarbons()
	}
}

// SetCache replaces the cache of PLAIN verifications, so that several
// servers (a run and its replays) can share one. A nil cache remembers
// nothing.
func (s *Server) SetCache(c *sasl.Cache) { s.cache = c }

// Config returns the server's configuration.
func (s *Server) Config() Config { return s.cfg }

// Store returns the server's storage.
func (s *Server) Store() *storage.Store { return s.store }

// Sessions returns every session the server has had, oldest first,
// destroyed ones included until they are dismissed.
func (s *Server) Sessions() []*session.Session {
	return append([]*session.Session(nil), s.ordered...)
}

// Dismiss forgets a destroyed session. It reports whether one was removed.
func (s *Server) Dismiss(id string) bool {
	for i, ss := range s.ordered {
		if ss.ID == id && ss.Destroyed {
			s.ordered = append(s.ordered[:i], s.ordered[i+1:]...)
			return true
		}
	}
	return false
}

// Touched returns, and forgets, the sessions changed since the last call,
// in the order they were first touched.
func (s *Server) Touched() []*session.Session {
	out := s.touchSeq
	s.touchSeq = nil
	clear(s.touched)
	return out
}

func (s *Server) touch(ss *session.Session) {
	if !s.touched[ss] {
		s.touched[ss] = true
		s.touchSeq = append(s.touchSeq, ss)
	}
}
