package sasl_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// account is one stored user of the test fixture.
type account struct {
	creds    sasl.Credentials
	disabled bool
}

// accounts is an in-memory sasl.Accounts.
type accounts struct {
	users map[string]account
	fail  bool
}

var _ sasl.Accounts = (*accounts)(nil)

func (a *accounts) Lookup(username string) (sasl.Credentials, bool, bool, error) {
	if a.fail {
		return sasl.Credentials{}, false, false, errors.New("storage down")
	}
	u, ok := a.users[username]
	return u.creds, ok, u.disabled, nil
}

var (
	fixtureOnce sync.Once
	fixtureMap  map[string]account
)

// fixture returns romeo/secret, juliet/secret, nurse/secret (disabled),
// "a,b"/pw and spacey/"a b", all at 4096 iterations.
func fixture(tb testing.TB) *accounts {
	tb.Helper()
	fixtureOnce.Do(func() {
		fixtureMap = map[string]account{}
		for _, u := range []struct {
			name, pass string
			disabled   bool
		}{{"romeo", "secret", false}, {"juliet", "secret", false}, {"nurse", "secret", true},
			{"a,b", "pw", false}, {"spacey", "a b", false}} {
			c, err := sasl.NewCredentials(u.pass, []byte("salt-"+u.name), 4096)
			if err != nil {
				panic(err) // test fixture only
			}
			fixtureMap[u.name] = account{creds: c, disabled: u.disabled}
		}
	})
	users := make(map[string]account, len(fixtureMap))
	for k, v := range fixtureMap {
		users[k] = v
	}
	return &accounts{users: users}
}

// mustNew starts a mechanism or fails the test.
func mustNew(tb testing.TB, name string, cfg sasl.Config) sasl.Mechanism {
	tb.Helper()
	m, ok := sasl.New(name, cfg)
	if !ok {
		tb.Fatalf("New(%q) reported an unknown mechanism", name)
	}
	return m
}

// checkFailure compares a failed Result with the wanted condition and text.
func checkFailure(t *testing.T, r sasl.Result, cond, text string) {
	t.Helper()
	if !r.Done || r.Success || r.Condition != cond || r.Text != text {
		t.Errorf("got %+v, want failure %q %q", r, cond, text)
	}
}
