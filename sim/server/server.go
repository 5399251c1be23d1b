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
	ordered   []*session.Session                     // every session ever created, oldest first
	users     map[string]map[string]*session.Session // bare JID -> resource -> session
	full      map[string]*session.Session
	touched   map[*session.Session]bool
	touchSeq  []*session.Session

	iqHandlers map[string]IQHandler
	extraMechs map[string]MechanismFactory
	hooks      Hooks
	im         *im // roster, presence and message state (roster.go)

	featureCache map[string]string // serialised features by stage and host
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
		users:      make(map[string]map[string]*session.Session),
		full:       make(map[string]*session.Session),
		touched:    make(map[*session.Session]bool),
		iqHandlers: make(map[string]IQHandler),
		extraMechs: make(map[string]MechanismFactory),

		featureCache: make(map[string]string),
	}
	s.HandleIQ(stanza.NSSession, sessionIQ)
	s.HandleIQ(stanza.NSRoster, rosterGet)
	s.installIM()
	return s, nil
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

// FullSession returns the bound session with the given full JID.
func (s *Server) FullSession(fullJID string) *session.Session { return s.full[fullJID] }

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
