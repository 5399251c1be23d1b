package token_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/paseto"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/storage"
	"github.com/sessionscope/sessionscope/sim/token"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *storage.Store {
	t.Helper()
	fsys, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	return storage.New(fsys)
}

func TestLoadKeyStoresThenReuses(t *testing.T) {
	st := newStore(t)
	sk, err := token.LoadKey(st, "localhost", 7)
	if err != nil {
		t.Fatal(err)
	}
	if !sk.Public().Equal(token.DeriveKey(7, "localhost").Public()) {
		t.Fatal("first load is not the seed's key")
	}
	var kf token.KeyFile
	if found, err := st.ReadJSON(token.KeyPath("localhost"), &kf); !found || err != nil {
		t.Fatalf("key not stored: %v %v", found, err)
	}
	if kf.Public != sk.Public().PASERK() || kf.ID != sk.Public().ID() || !strings.HasPrefix(kf.Secret, "k4.secret.") {
		t.Fatalf("stored key file = %+v", kf)
	}
	// A stored key wins over the seed: a later run with another seed keeps it.
	again, err := token.LoadKey(st, "localhost", 8)
	if err != nil || !again.Public().Equal(sk.Public()) {
		t.Fatalf("stored key not reused: %v", err)
	}
}

func TestLoadKeyRejectsBadFile(t *testing.T) {
	st := newStore(t)
	if err := st.WriteJSON(token.KeyPath("localhost"), token.KeyFile{Secret: "k4.secret.AAAA"}); err != nil {
		t.Fatal(err)
	}
	if _, err := token.LoadKey(st, "localhost", 1); !errors.Is(err, paseto.RuleKey) {
		t.Fatalf("err = %v, want the key rule", err)
	}
	var kf token.KeyFile
	if _, err := st.ReadJSON(token.KeyPath("localhost"), &kf); err != nil || kf.Secret != "k4.secret.AAAA" {
		t.Fatal("a bad key file was overwritten")
	}
}

func TestDeriveKeyDependsOnSeedAndHost(t *testing.T) {
	a := token.DeriveKey(1, "localhost").Public()
	for name, k := range map[string]paseto.PublicKey{
		"same":       token.DeriveKey(1, "localhost").Public(),
		"other seed": token.DeriveKey(2, "localhost").Public(),
		"other host": token.DeriveKey(1, "example.org").Public(),
	} {
		if k.Equal(a) != (name == "same") {
			t.Errorf("%s: equal = %v", name, k.Equal(a))
		}
	}
}

// issue signs a token for alice on localhost at epoch with a 1 h lifetime.
func issue(t *testing.T, sk paseto.SecretKey, r token.Request) string {
	t.Helper()
	cfg := token.Config{Lifetime: server.Seconds(time.Hour)}
	c, err := token.NewClaims(cfg, "localhost", r, epoch, "id-1")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := token.SignClaims(sk, c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestThirdPartyVerifier(t *testing.T) {
	sk := token.DeriveKey(1, "localhost")
	other := token.DeriveKey(1, "example.org")
	tok := issue(t, sk, token.Request{Username: "alice", Resource: "phone", Hats: []string{"urn:xmpp:hats:moderator"}})
	// The verifier is given the public key only, as a PASERK string.
	pk, err := paseto.ParsePublicKey(sk.Public().PASERK())
	if err != nil {
		t.Fatal(err)
	}
	v := token.Verifier{Host: "localhost", Audience: "xmpp:localhost", Key: pk}
	got, err := v.Verify(tok, epoch.Add(59*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got.Claims.Subject != "alice@localhost" || got.Extras.Resource != "phone" ||
		!got.HasHat("urn:xmpp:hats:moderator") || got.HasHat("urn:xmpp:hats:owner") {
		t.Fatalf("verified = %+v", got)
	}
	for _, tc := range []struct {
		name string
		v    token.Verifier
		tok  string
		at   time.Time
		rule paseto.Rule
	}{
		{"expired", v, tok, epoch.Add(time.Hour + time.Second), paseto.RuleExpired},
		{"before nbf", v, tok, epoch.Add(-time.Second), paseto.RuleNotYetValid},
		{"another host's key", token.Verifier{Host: "localhost", Key: other.Public()}, tok, epoch, paseto.RuleFooter},
		{"other issuer expected", token.Verifier{Host: "example.org", Key: pk}, tok, epoch, paseto.RuleIssuer},
		{"other audience expected", token.Verifier{Host: "localhost", Audience: "xmpp:pubsub", Key: pk}, tok, epoch, paseto.RuleAudience},
		{"no issuer configured", token.Verifier{Key: pk}, tok, epoch, paseto.RuleIssuer},
		{"zero key", token.Verifier{Host: "localhost"}, tok, epoch, paseto.RuleKey},
		{"no clock", v, tok, time.Time{}, paseto.RuleClock},
		{"tampered", v, tok[:20] + "A" + tok[21:], epoch, paseto.RuleSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "tampered" && tok[20] == 'A' {
				t.Fatal("test token already has A at 20")
			}
			if _, err := tc.v.Verify(tc.tok, tc.at); !errors.Is(err, tc.rule) {
				t.Fatalf("err = %v, want rule %s", err, tc.rule)
			}
		})
	}
}

func TestDecodeExtrasTypes(t *testing.T) {
	for _, payload := range []string{`{"resource":1}`, `{"hats":"x"}`, `{"hats":[1]}`} {
		c, err := paseto.ParseClaims([]byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := token.DecodeExtras(c); !errors.Is(err, paseto.RuleClaimType) {
			t.Errorf("%s: err = %v, want claim-type", payload, err)
		}
	}
}

func TestNewClaimsPayload(t *testing.T) {
	cfg := token.DefaultConfig()
	c, err := token.NewClaims(cfg, "localhost", token.Request{Username: "alice", Hats: []string{"urn:h"}}, epoch.Add(1500*time.Millisecond), "j")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"aud":"xmpp:localhost","exp":"2026-01-01T01:00:01Z","hats":["urn:h"],"iat":"2026-01-01T00:00:01Z","iss":"localhost","jti":"j","nbf":"2026-01-01T00:00:01Z","sub":"alice@localhost"}`
	if string(b) != want {
		t.Fatalf("payload\n got %s\nwant %s", b, want)
	}
}
