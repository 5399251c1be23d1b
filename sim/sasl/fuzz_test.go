package sasl_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/xdg-go/scram"
)

// cheapAccounts holds romeo/secret and a disabled nurse/secret at one
// PBKDF2 iteration, below what NewCredentials accepts, so that the fuzzer's
// many successful logins stay fast. The keys come from xdg-go/scram.
func cheapAccounts(tb testing.TB) *accounts {
	tb.Helper()
	client, err := scram.SHA1.NewClient("", "secret", "")
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := client.GetStoredCredentialsWithError(scram.KeyFactors{Salt: "salt", Iters: 1})
	if err != nil {
		tb.Fatal(err)
	}
	c := sasl.Credentials{Iterations: 1, Salt: []byte("salt"),
		SHA1: sasl.Keys{StoredKey: sc.StoredKey, ServerKey: sc.ServerKey}}
	return &accounts{users: map[string]account{"romeo": {creds: c}, "nurse": {creds: c, disabled: true}}}
}

var conditions = map[string]bool{
	"malformed-request": true, "not-authorized": true,
	"account-disabled": true, "temporary-auth-failure": true,
}

// checkInvariants fails on a Result no Prosody exchange could produce.
func checkInvariants(t *testing.T, r sasl.Result) {
	t.Helper()
	switch {
	case !r.Done && (r.Success || len(r.Challenge) == 0 || r.Condition != ""):
		t.Fatalf("bad challenge result %+v", r)
	case r.Done && r.Success && (r.Username == "" || r.Condition != ""):
		t.Fatalf("bad success %+v", r)
	case r.Done && !r.Success && !conditions[r.Condition]:
		t.Fatalf("bad failure %+v", r)
	}
}

func FuzzPLAIN(f *testing.F) {
	for _, s := range []string{"\x00romeo\x00secret", "x\x00Romeo\x00secret\x00", "\x00\x00", "\x00rom eo\x00s", "\x00nurse\x00secret"} {
		f.Add([]byte(s), true)
	}
	acc := cheapAccounts(f)
	f.Fuzz(func(t *testing.T, msg []byte, present bool) {
		for _, insecure := range []bool{false, true} {
			m := mustNew(t, "PLAIN", sasl.Config{Accounts: acc, Insecure: insecure, Cache: sasl.NewCache(8)})
			r := m.Step(msg, present)
			checkInvariants(t, r)
			if !r.Done {
				t.Fatalf("PLAIN challenged: %+v", r)
			}
		}
	})
}

func FuzzSCRAM(f *testing.F) {
	nonce := "abc" + serverNonce
	f.Add([]byte("n,,n=romeo,r=abc"), []byte("c=biws,r="+nonce+",p=AAAA"), false)
	f.Add([]byte("p=tls-unique,,n=a=2Cb,r=abc"), []byte("c=cD10bHMtdW5pcXVlLCw=,r="+nonce+",x,p=="), true)
	f.Add([]byte("y,a=x,m=1,n=ROMEO,r=abc,e"), []byte("xc=eSws,r="+nonce+",p=1,p=2"), true)
	acc := fixture(f)
	f.Fuzz(func(t *testing.T, first, final []byte, cb bool) {
		cfg := sasl.Config{Accounts: acc, Nonce: fixedNonce}
		if cb {
			cfg.ChannelBindings = map[string][]byte{"tls-unique": []byte("data")}
		}
		m := mustNew(t, "SCRAM-SHA-256", cfg)
		r := m.Step(first, true)
		checkInvariants(t, r)
		if r.Done {
			return
		}
		if !strings.HasPrefix(string(r.Challenge), "r=") {
			t.Fatalf("challenge %q", r.Challenge)
		}
		r = m.Step(final, true)
		checkInvariants(t, r)
		if !r.Done {
			t.Fatalf("third round: %+v", r)
		}
	})
}
