package engine_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
)

// BenchmarkTokenLogin measures one full token login on the engine: connect,
// open, OAUTHBEARER (verifying the PASETO token), restart, bind, close.
func BenchmarkTokenLogin(b *testing.B) {
	r := newTokenRig(b)
	r.tokenFor("laptop")
	e := r.e
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range []string{"connect", "open", client.ActAuthToken, "open", "bind", "close"} {
			if err := e.Act("alice", a); err != nil {
				b.Fatal(err)
			}
			e.Run(0)
		}
		r.out = r.out[:0]
	}
	b.StopTimer()
	if e.Client("alice").LastError() != "" {
		b.Fatal(e.Client("alice").LastError())
	}
}
