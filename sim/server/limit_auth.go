package server

import (
	"time"

	"github.com/sessionscope/sessionscope/sim/stanza"
)

// mod_limit_auth, the community module that throttles password guessing:
// an address may fail authentication limit_auth_max times in
// limit_auth_period; an <auth> from it beyond that gets
// <failure><temporary-auth-failure/></failure> without being tried (the
// module's reply; the connection stays). SessionScope adds a limit per
// connection, for addresses it does not know (simulated clients) and for
// one connection that keeps guessing: its limit_auth_max-th failure closes
// the stream with a policy-violation. Throttles run on the virtual
// clock, so a recorded run replays them exactly.

// maxThrottles bounds the addresses remembered; a full throttle (an
// address that has not failed lately) is as good as none and goes first.
const maxThrottles = 4096

// throttle is util/throttle.lua: a balance of at most max, refilled at
// max per period, from which each failure takes one.
type throttle struct {
	balance float64
	last    time.Time
}

// update refills the balance for the time passed.
func (t *throttle) update(now time.Time, most float64, period time.Duration) {
	if period > 0 {
		t.balance = min(most, t.balance+most*now.Sub(t.last).Seconds()/period.Seconds())
	}
	t.last = now
}

// limitAuth returns the module's limits, or false when it is not loaded.
func (s *Server) limitAuth() (most float64, period time.Duration, ok bool) {
	if !s.cfg.Loaded("limit_auth") {
		return 0, 0, false
	}
	most, period = 5, 30*time.Second
	if s.cfg.LimitAuthMax > 0 {
		most = float64(s.cfg.LimitAuthMax)
	}
	if s.cfg.LimitAuthPeriod > 0 {
		period = s.cfg.LimitAuthPeriod.Duration()
	}
	return most, period, true
}

// authThrottled is the module's hook on <auth>: it reports true, having
// answered, when the connection's address has no failure left.
func (s *Server) authThrottled(c *c2s) bool {
	most, period, ok := s.limitAuth()
	t := s.throttles[c.conn.Addr]
	if !ok || c.conn.Addr == "" || t == nil {
		return false
	}
	t.update(s.clock.Now(), most, period)
	if t.balance >= 1 {
		return false
	}
	c.sess.Send(stanza.SASLFailure("temporary-auth-failure", ""))
	return true
}

// authFailed is the module's authentication-failure hook: the address
// loses one from its balance, and a connection at its limit is closed.
func (s *Server) authFailed(c *c2s) {
	most, period, ok := s.limitAuth()
	if !ok {
		return
	}
	if addr := c.conn.Addr; addr != "" {
		t := s.throttles[addr]
		if t == nil {
			s.pruneThrottles(most, period)
			t = &throttle{balance: most, last: s.clock.Now()}
			s.throttles[addr] = t
		}
		t.update(s.clock.Now(), most, period)
		t.balance = max(0, t.balance-1)
	}
	if c.authFailures++; float64(c.authFailures) >= most {
		s.close(c, Reason{Condition: "policy-violation", Text: "Too many failed authentication attempts"})
	}
}

// pruneThrottles makes room for one more address: throttles refilled to
// full are forgotten, and when none is, the one idle longest.
func (s *Server) pruneThrottles(most float64, period time.Duration) {
	if len(s.throttles) < maxThrottles {
		return
	}
	var oldest string
	for addr, t := range s.throttles {
		t.update(s.clock.Now(), most, period)
		if t.balance >= most {
			delete(s.throttles, addr)
		} else if oldest == "" || t.last.Before(s.throttles[oldest].last) {
			oldest = addr
		}
	}
	if len(s.throttles) >= maxThrottles {
		delete(s.throttles, oldest)
	}
}
