package server_test

import (
	"strconv"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// BenchmarkLoginPLAINCached measures full PLAIN logins — connect, header,
// features, auth, restart, bind — each on a new connection to one server
// (logins/s is the reciprocal of ns/op), of one account again and again:
// after the first, each hits the verified-login cache, as a busy server's
// repeat logins would, so no key is derived.
func BenchmarkLoginPLAINCached(b *testing.B) {
	benchLoginPLAIN(b, sasl.NewCache(4096))
}

// BenchmarkLoginPLAINCold measures the same logins with no verified-login
// cache: each derives the password's keys (PBKDF2, 10000 iterations of
// HMAC-SHA-1), as a first login does.
func BenchmarkLoginPLAINCold(b *testing.B) {
	benchLoginPLAIN(b, nil)
}

func benchLoginPLAIN(b *testing.B, cache *sasl.Cache) {
	h := benchHarness(b, 10000)
	h.engine().Server().SetCache(cache)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := "c" + strconv.Itoa(i)
		h.directive("connect " + c)
		h.directive("login " + c + " romeo secret r" + strconv.Itoa(i))
		h.directive("drop " + c)
		delete(h.clients, c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

// BenchmarkLoginSCRAMSHA1 measures full SCRAM-SHA-1 exchanges up to
// <success>, at Prosody's minimum and default iteration counts. The
// server derives nothing for SCRAM (it keeps StoredKey and ServerKey), so
// it has no cache to hit; the client's side (xdg-go/scram) derives its
// keys once and reuses them, as clients that keep SaltedPassword do, so
// this is the server's cost.
func BenchmarkLoginSCRAMSHA1(b *testing.B) {
	benchLoginSCRAM(b, false)
}

// BenchmarkLoginSCRAMSHA1ColdClient is the same with a new client for each
// login, deriving its keys (PBKDF2 at the server's iteration count) every
// time: both sides' cost, as for a client that keeps no keys.
func BenchmarkLoginSCRAMSHA1ColdClient(b *testing.B) {
	benchLoginSCRAM(b, true)
}

func benchLoginSCRAM(b *testing.B, cold bool) {
	for _, iter := range []int{4096, 10000} {
		b.Run(strconv.Itoa(iter), func(b *testing.B) {
			h := benchHarness(b, iter)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if cold {
					clear(scramClients)
				}
				c := "c" + strconv.Itoa(i)
				h.directive("connect " + c)
				h.directive("send " + c + " $H")
				h.directive("scram " + c + " SCRAM-SHA-1 romeo secret")
				cl := h.client(c)
				if last := cl.inbox[len(cl.inbox)-1]; last[:8] != "<success" {
					b.Fatalf("login failed: %s", last)
				}
				h.directive("drop " + c)
				delete(h.clients, c)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
		})
	}
}

func benchHarness(b *testing.B, iterations int) *harness {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = iterations
	cfg.DropDestroyed = true
	h := &harness{t: b, cfg: cfg, clients: map[string]*rawClient{}}
	h.directive("account romeo secret")
	return h
}
