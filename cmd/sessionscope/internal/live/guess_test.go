package live_test

import (
	"encoding/base64"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

const (
	notAuthorized = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
	throttled     = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><temporary-auth-failure/></failure>"
)

func plainAuth(user, pass string) string {
	return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
		base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+pass)) + "</auth>"
}

// TestGuessingIsThrottled reproduces password guessing through the
// listener: 500 wrong passwords on one connection, then the right one,
// used to succeed. With mod_limit_auth (on by default with -public) a
// connection's 5th failure closes it, and an address that failed 5 times
// in 30 s gets temporary-auth-failure even with the right password, while
// another address logs in.
func TestGuessingIsThrottled(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Server.Modules = append(cfg.Server.Modules, "limit_auth")
	g, _ := start(t, live.Config{Engine: cfg, Users: []live.User{{Name: "alice", Password: "secret"}}})

	c := dialRaw(t, g.tcp)
	c.send(header)
	c.until("</stream:features>")
	for i := range 5 {
		c.send(plainAuth("alice", "guess"+strings.Repeat("!", i)))
		c.until(notAuthorized) // each answered in turn
		c.got.Reset()
	}
	if got := c.eof(); !strings.Contains(got, "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Too many failed authentication attempts</text>") {
		t.Errorf("the 5th failure did not close the connection with a policy-violation:\n%s", got)
	}

	d := dialRaw(t, g.tcp)
	d.send(header)
	d.until("</stream:features>")
	d.send(plainAuth("alice", "secret"))
	if got := d.until("</failure>"); !strings.Contains(got, throttled) {
		t.Errorf("the address's 6th attempt, with the right password:\n%s", got)
	}
}

// TestHashingOffTheEngine: the key derivations of PLAIN logins run on the
// connections' own goroutines, several at once, not one after another on
// the engine's (8 guessers once pushed a bystander's round trip from 1 ms
// to 650 ms), and an unknown user costs one derivation, as a known one
// does, so that timing does not tell which accounts exist.
func TestHashingOffTheEngine(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Cache = sasl.NewCache(4096)
	var running, most, runs atomic.Int64
	cfg.Cache.SetKDF(func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		runs.Add(1)
		time.Sleep(50 * time.Millisecond) // a slow hash, so that runs that can overlap do
		return sasl.GoKDF(pw, salt, iter, hashes...)
	})
	users := []live.User{{Name: "alice", Password: "secret"}}
	g, _ := start(t, live.Config{Engine: cfg, Users: users})
	runs.Store(0)

	var wg sync.WaitGroup
	for i := range 8 {
		c := dialRaw(t, g.tcp)
		c.send(header)
		c.until("</stream:features>")
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := "alice"
			if i%2 == 1 {
				user = "nobody"
			}
			c.send(plainAuth(user, "guess"+string(rune('a'+i))))
		}()
		t.Cleanup(func() { c.until(notAuthorized) })
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for runs.Load() < 8 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := runs.Load(); got != 8 {
		t.Errorf("%d key derivations for 8 logins (4 of known, 4 of unknown users), want 8: one each", got)
	}
	if most.Load() < 2 {
		t.Errorf("the derivations never overlapped: they ran one at a time, as on the engine's goroutine")
	}
}
