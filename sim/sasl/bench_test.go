package sasl_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/xdg-go/scram"
)

// benchAccounts holds romeo/secret at the given iteration count.
func benchAccounts(b *testing.B, iter int) *accounts {
	b.Helper()
	c, err := sasl.NewCredentials("secret", []byte("benchmark-salt"), iter)
	if err != nil {
		b.Fatal(err)
	}
	return &accounts{users: map[string]account{"romeo": {creds: c}}}
}

func reportLogins(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

func BenchmarkPLAIN(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cache *sasl.Cache
	}{{"iter10000/nocache", nil}, {"iter10000/cache", sasl.NewCache(1024)}} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := sasl.Config{Accounts: benchAccounts(b, 10000), Cache: bc.cache}
			msg := []byte("\x00romeo\x00secret")
			for b.Loop() {
				m, _ := sasl.New("PLAIN", cfg)
				if !m.Step(msg, true).Success {
					b.Fatal("login failed")
				}
			}
			reportLogins(b)
		})
	}
}

// BenchmarkSCRAMSHA1 measures a full server-side SCRAM-SHA-1 conversation.
// The client's salted password is cached by xdg-go/scram, so the figure is
// dominated by the server, which never runs PBKDF2.
func BenchmarkSCRAMSHA1(b *testing.B) {
	for _, iter := range []int{4096, 10000} {
		b.Run(map[int]string{4096: "iter4096", 10000: "iter10000"}[iter], func(b *testing.B) {
			cfg := sasl.Config{Accounts: benchAccounts(b, iter), Nonce: fixedNonce}
			client, err := scram.SHA1.NewClient("romeo", "secret", "")
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				conv := client.NewConversation()
				m, _ := sasl.New("SCRAM-SHA-1", cfg)
				first, _ := conv.Step("")
				final, _ := conv.Step(string(m.Step([]byte(first), true).Challenge))
				if r := m.Step([]byte(final), true); !r.Success {
					b.Fatalf("login failed: %+v", r)
				}
			}
			reportLogins(b)
		})
	}
}
