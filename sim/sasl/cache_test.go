package sasl_test

import (
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// login runs one PLAIN exchange and reports success.
func login(t *testing.T, cfg sasl.Config, user, pass string) bool {
	t.Helper()
	return mustNew(t, "PLAIN", cfg).Step([]byte("\x00"+user+"\x00"+pass), true).Success
}

// tamper breaks every stored ServerKey. A cache hit still succeeds because
// the key does not cover ServerKey, while a fresh derivation fails: this
// makes hits observable.
func tamper(acc *accounts) {
	for name, a := range acc.users {
		a.creds.SHA1.ServerKey = []byte("broken")
		acc.users[name] = a
	}
}

func TestCacheLRU(t *testing.T) {
	acc := fixture(t)
	cache := sasl.NewCache(2)
	cfg := sasl.Config{Accounts: acc, Cache: cache}
	for _, u := range []string{"romeo", "juliet", "romeo", "spacey"} {
		pass := map[string]string{"spacey": "a b"}[u]
		if pass == "" {
			pass = "secret"
		}
		if !login(t, cfg, u, pass) {
			t.Fatalf("login %s failed", u)
		}
	}
	if cache.Len() != 2 {
		t.Fatalf("Len = %d, want 2", cache.Len())
	}
	tamper(acc)
	for name, tc := range map[string]struct {
		user, pass string
		want       bool
	}{
		"recently used kept": {"romeo", "secret", true},
		"newest kept":        {"spacey", "a b", true},
		"oldest evicted":     {"juliet", "secret", false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := login(t, cfg, tc.user, tc.pass); got != tc.want {
				t.Errorf("login %s = %v, want %v", tc.user, got, tc.want)
			}
		})
	}
}

func TestCacheMisses(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(*accounts)
		pass   string
		want   bool
		size   int
	}{
		"wrong password never cached": {func(*accounts) {}, "wrong", false, 4},
		"new password misses": {func(a *accounts) {
			c, _ := sasl.NewCredentials("other", []byte("salt-romeo"), 4096)
			a.users["romeo"] = account{creds: c}
		}, "secret", false, 4},
		"re-salted misses": {func(a *accounts) {
			c, _ := sasl.NewCredentials("secret", []byte("new-salt"), 4096)
			c.SHA1.ServerKey = []byte("broken")
			a.users["romeo"] = account{creds: c}
		}, "secret", false, 4},
		"disabled beats cache": {func(a *accounts) {
			u := a.users["romeo"]
			u.disabled = true
			a.users["romeo"] = u
		}, "secret", false, 4},
		"size zero remembers nothing": {tamper, "secret", false, 0},
		"same credentials hit":        {tamper, "secret", true, 4},
	} {
		t.Run(name, func(t *testing.T) {
			acc := fixture(t)
			cfg := sasl.Config{Accounts: acc, Cache: sasl.NewCache(tc.size)}
			if !login(t, cfg, "romeo", "secret") {
				t.Fatal("first login failed")
			}
			tc.change(acc)
			if got := login(t, cfg, "romeo", tc.pass); got != tc.want {
				t.Errorf("second login = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewCredentials(t *testing.T) {
	for name, tc := range map[string]struct {
		pass    string
		iter    int
		wantErr error
	}{
		"ok":              {"secret", 4096, nil},
		"too few":         {"secret", 4095, sasl.ErrIterations},
		"fails SASLprep":  {"sec\x07ret", 4096, sasl.ErrPassword},
		"invalid UTF-8":   {"\xff", 4096, sasl.ErrPassword},
		"prepped nbsp ok": {"a\u00a0b", 4096, nil},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := sasl.NewCredentials(tc.pass, []byte("salt"), tc.iter)
			if err != tc.wantErr {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil && (len(c.SHA1.StoredKey) != 20 || len(c.SHA256.ServerKey) != 32 || !c.CheckPassword(tc.pass)) {
				t.Errorf("bad credentials %+v", c)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	c, err := sasl.NewCredentials("a b", []byte("salt"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	sha256Only := c
	sha256Only.SHA1 = sasl.Keys{}
	for name, tc := range map[string]struct {
		creds sasl.Credentials
		pass  string
		want  bool
	}{
		"right":            {c, "a b", true},
		"SASLprep applied": {c, "a\u2003b", true},
		"wrong":            {c, "ab", false},
		"SHA-256 only":     {sha256Only, "a b", true},
		"SHA-256 wrong":    {sha256Only, "x", false},
		"zero value":       {sasl.Credentials{}, "a b", false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := tc.creds.CheckPassword(tc.pass); got != tc.want {
				t.Errorf("CheckPassword(%q) = %v, want %v", tc.pass, got, tc.want)
			}
		})
	}
}

// TestCheckPasswordMatchesXdg checks key derivation against xdg-go/scram.
func TestCheckPasswordMatchesXdg(t *testing.T) {
	acc := cheapAccounts(t)
	for name, tc := range map[string]struct {
		pass string
		want bool
	}{"right": {"secret", true}, "wrong": {"Secret", false}} {
		t.Run(name, func(t *testing.T) {
			if got := acc.users["romeo"].creds.CheckPassword(tc.pass); got != tc.want {
				t.Errorf("CheckPassword(%q) = %v, want %v", tc.pass, got, tc.want)
			}
		})
	}
}

func TestCacheDerivations(t *testing.T) {
	want, err := sasl.NewCredentials("secret", []byte("salt"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		cache   *sasl.Cache
		wantLen int
	}{
		"remembered once": {sasl.NewCache(4), 1},
		"size zero":       {sasl.NewCache(0), 0},
		"nil":             {nil, 0},
	} {
		t.Run(name, func(t *testing.T) {
			for i := range 3 {
				got, err := tc.cache.NewCredentials("secret", []byte("salt"), 4096)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("call %d: credentials differ from NewCredentials", i)
				}
				// A caller scribbling on its copy must not reach the next one.
				got.Salt[0], got.SHA1.StoredKey[0] = 'X', 'X'
			}
			if n := tc.cache.Len(); n != tc.wantLen {
				t.Errorf("Len = %d, want %d", n, tc.wantLen)
			}
		})
	}
}

func TestCacheDerivationKeys(t *testing.T) {
	cache := sasl.NewCache(16)
	base, _ := cache.NewCredentials("secret", []byte("salt"), 4096)
	for name, tc := range map[string]struct {
		pass string
		salt string
		iter int
	}{
		"other password":   {"secret2", "salt", 4096},
		"other salt":       {"secret", "salt2", 4096},
		"other iterations": {"secret", "salt", 4097},
		"shifted fields":   {"secre", "tsalt", 4096},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := cache.NewCredentials(tc.pass, []byte(tc.salt), tc.iter)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := sasl.NewCredentials(tc.pass, []byte(tc.salt), tc.iter)
			if !reflect.DeepEqual(got, want) || reflect.DeepEqual(got, base) {
				t.Error("a different derivation was answered from the cache")
			}
		})
	}
	if _, err := cache.NewCredentials("secret", []byte("salt"), 4095); err != sasl.ErrIterations {
		t.Errorf("err = %v, want ErrIterations", err)
	}
}

// TestGoKDFVectors checks GoKDF against RFC 6070's PBKDF2-HMAC-SHA1 vector
// and RFC 7914's PBKDF2-HMAC-SHA256 one: a KDF a page plugs in must give
// these bytes.
func TestGoKDFVectors(t *testing.T) {
	got, err := sasl.GoKDF("password", []byte("salt"), 4096, "SHA-1")
	if err != nil || hex.EncodeToString(got[0]) != "4b007901b765489abead49d926f721d065a429c1" {
		t.Errorf("SHA-1: %x, %v", got, err)
	}
	got, err = sasl.GoKDF("passwd", []byte("salt"), 1, "SHA-256")
	if err != nil || hex.EncodeToString(got[0]) != "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc" {
		t.Errorf("SHA-256: %x, %v", got, err)
	}
	if _, err := sasl.GoKDF("pw", []byte("salt"), 4096, "MD5"); err == nil {
		t.Error("an unknown hash: no error")
	}
	got, _ = sasl.GoKDF("password", []byte("salt"), 2, "SHA-1")
	if hex.EncodeToString(got[0]) != "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" {
		t.Errorf("SHA-1, 2 iterations: %x", got[0])
	}
	if err := sasl.CheckKDF(sasl.GoKDF); err != nil {
		t.Errorf("CheckKDF(GoKDF) = %v", err)
	}
	swapped := func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		keys, err := sasl.GoKDF(pw, salt, iter, hashes...)
		keys[0], keys[1] = keys[1], keys[0]
		return keys, err
	}
	if err := sasl.CheckKDF(swapped); err == nil {
		t.Error("CheckKDF passed a KDF that answers the hashes in the wrong order")
	}
}

// TestCacheKDF: the cache derives with the KDF it is given, both hashes of
// an account in one call; a login with the account's password is answered
// from that derivation, and a wrong one costs one PBKDF2 run.
func TestCacheKDF(t *testing.T) {
	cache := sasl.NewCache(16)
	var calls [][]string
	cache.SetKDF(func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		calls = append(calls, hashes)
		return sasl.GoKDF(pw, salt, iter, hashes...)
	})
	creds, err := cache.NewCredentials("secret", []byte("salt"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	acc := &accounts{users: map[string]account{"romeo": {creds: creds}}}
	cfg := sasl.Config{Accounts: acc, Cache: cache}
	if !login(t, cfg, "romeo", "secret") {
		t.Fatal("the right password failed")
	}
	if login(t, cfg, "romeo", "wrong") {
		t.Fatal("a wrong password passed")
	}
	want := [][]string{{"SHA-1", "SHA-256"}, {"SHA-1"}}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("KDF calls %q, want %q (the account, then the wrong password)", calls, want)
	}
	// A KDF that lies is believed: the engine's results depend on the KDF
	// being right, which is why a page checks its own against GoKDF.
	cache.SetKDF(func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		return sasl.GoKDF(pw+"!", salt, iter, hashes...)
	})
	other, _ := cache.NewCredentials("secret", []byte("salt2"), 4096)
	if other.CheckPassword("secret") {
		t.Error("credentials from a lying KDF check out with GoKDF")
	}
}

// TestWarmPLAIN: a PLAIN message warmed ahead of time is then verified
// with no PBKDF2 run, right or wrong; an unknown user costs one run too,
// as a known one does.
func TestWarmPLAIN(t *testing.T) {
	cache := sasl.NewCache(16)
	runs := 0
	cache.SetKDF(func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		runs++
		return sasl.GoKDF(pw, salt, iter, hashes...)
	})
	acc := fixture(t)
	salts := func(user string) ([]byte, int, bool) {
		a, ok := acc.users[user]
		return a.creds.Salt, a.creds.Iterations, ok
	}
	cfg := sasl.Config{Accounts: acc, Cache: cache}
	for _, tc := range []struct {
		name, user, pass string
		warmRuns, want   int
		ok               bool
	}{
		{"right password", "romeo", "secret", 1, 0, true},
		{"wrong password", "romeo", "guess", 1, 0, false},
		{"unknown user", "tybalt", "secret", 1, 0, false},
		{"a name to prepare", "ROMEO", "secret", 0, 0, true}, // warmed already, as romeo
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs = 0
			cache.WarmPLAIN([]byte("\x00"+tc.user+"\x00"+tc.pass), salts, 4096)
			if runs != tc.warmRuns {
				t.Errorf("warming ran PBKDF2 %d times, want %d", runs, tc.warmRuns)
			}
			runs = 0
			if got := login(t, cfg, tc.user, tc.pass); got != tc.ok {
				t.Errorf("login = %v, want %v", got, tc.ok)
			}
			if runs != tc.want {
				t.Errorf("the verification ran PBKDF2 %d times after warming, want %d", runs, tc.want)
			}
		})
	}
	runs = 0
	cache.WarmPLAIN([]byte("not plain"), salts, 4096)
	if runs != 0 {
		t.Error("an unreadable message was derived")
	}
}
