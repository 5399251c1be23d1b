package live_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/loadgen"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// helperEnv makes the test binary a bare listener, for measuring the
// listener's own resident memory in a process of its own.
const helperEnv = "SESSIONSCOPE_LIVE_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(helper(mode == "listen"))
	}
	os.Exit(m.Run())
}

// helper serves on a loopback port, prints it, and stops when stdin
// closes. As listen, it also keeps the terminal view, printing nowhere.
func helper(asListen bool) int {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	r, err := live.New(live.Config{Engine: cfg, MaxConns: 10000})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if asListen {
		v := live.NewView(false, false)
		r.Subscribe(v.Observe)
		go v.Print(context.Background(), io.Discard)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	go r.Run(ctx)
	go func() { _ = r.ServeTCP(ln) }()
	fmt.Println(ln.Addr())
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	cancel()
	return 0
}

// BenchmarkMessages measures messages per second end to end through the
// TCP listener with N client connections: b.N messages in all, sent by
// N clients to each other, each delivered once.
func BenchmarkMessages(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("conns=%d", n), func(b *testing.B) {
			cfg := engine.DefaultConfig()
			cfg.Server.Authentication = "insecure"
			g, _ := start(b, live.Config{Engine: cfg, MaxConns: 2 * n})
			lc := loadgen.Config{Addr: g.tcp, Clients: n, Contacts: -1, Messages: max(1, b.N/n)}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			b.ResetTimer()
			res, err := loadgen.Run(ctx, lc)
			if err != nil {
				b.Fatal(err)
			}
			if res.Lost(lc) {
				b.Fatalf("lost: %+v", res)
			}
			b.ReportMetric(res.MessagesPerSecond(), "msgs/s")
		})
	}
}

// BenchmarkResidentPerSession measures the listener's resident memory
// (VmRSS, in a process of its own) per bound session, with 1,000. It
// measures once whatever b.N is.
func BenchmarkResidentPerSession(b *testing.B) {
	b.ReportMetric(residentPerSession(b, 1000), "KiB-RSS/session")
	for range b.N {
	}
}

func residentPerSession(b *testing.B, n int) float64 {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	before := rss(b, cmd.Process.Pid)
	var bound int
	lc := loadgen.Config{Addr: strings.TrimSpace(addr), Clients: n, Contacts: -1, Messages: 1,
		Bound: func() { time.Sleep(200 * time.Millisecond); bound = rss(b, cmd.Process.Pid) }}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	_, err = loadgen.Run(ctx, lc)
	cancel()
	_ = stdin.Close()
	_ = cmd.Wait()
	if err != nil {
		b.Fatal(err)
	}
	return float64(bound-before) / float64(n)
}

// rss reads a process's resident set size in KiB from /proc.
func rss(b *testing.B, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatalf("resident memory is read from /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}
