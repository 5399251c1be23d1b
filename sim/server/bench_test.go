package server_test

import (
	"strconv"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// BenchmarkLoginPLAIN measures full PLAIN logins — connect, header,
// features, auth, restart, bind — each on a new connection to one server
// (logins/s is the reciprocal of ns/op). Repeat logins of an account hit
// the verified-login cache, as a busy server's would.
func BenchmarkLoginPLAIN(b *testing.B) {
	h := benchHarness(b, 10000)
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
// client's side (xdg-go/scram) derives its keys once and reuses them.
func BenchmarkLoginSCRAMSHA1(b *testing.B) {
	for _, iter := range []int{4096, 10000} {
		b.Run(strconv.Itoa(iter), func(b *testing.B) {
			h := benchHarness(b, iter)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
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
