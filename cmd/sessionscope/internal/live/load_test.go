package live_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/loadgen"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestLoad: 1,000 concurrent clients (50 with -short) log in, send
// directed presence to 20 contacts and 10 messages each; every message
// and presence arrives exactly once. The heap in use per session is
// logged.
func TestLoad(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 50
	}
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg, MaxConns: 2 * n})
	before := heap()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	var bound uint64
	lc := loadgen.Config{Addr: g.tcp, Clients: n, Bound: func() { bound = heap() }}
	res, err := loadgen.Run(ctx, lc)
	if err != nil {
		t.Fatalf("%v (%+v)", err, res)
	}
	if res.Lost(lc) {
		t.Errorf("lost or duplicated: %+v; want %d messages and %d presences", res, n*10, n*20)
	}
	if res.Clients != n {
		t.Errorf("%d clients logged in, want %d", res.Clients, n)
	}
	t.Logf("%d clients: login %v, %d messages in %v (%.0f/s); heap %.1f KiB per bound session (test clients included)",
		n, res.Login, res.Delivered, res.Exchange, res.MessagesPerSecond(), float64(bound-before)/float64(n)/1024)
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
