package live_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/server"
)

// sessions returns the engine's sessions, read on its goroutine.
func sessions(t *testing.T, g *rig) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := g.r.Do(func(e *engine.Engine) {
		for _, s := range e.Sessions() {
			out[s.ConnID] = s.State + " " + s.Error
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSlowloris: a connection that never completes its stream header is
// dropped after the read timeout, as Prosody drops a connection whose
// stream is not open; one whose stream is open gets a single space as a
// keepalive instead and stays.
func TestSlowloris(t *testing.T) {
	g, _ := start(t, live.Config{ReadTimeout: 300 * time.Millisecond})
	loris := dialRaw(t, g.tcp)
	loris.send("<stream:stream xmlns='jabber:client' to='local")
	open := dialRaw(t, g.tcp)
	open.send(header)
	open.until("</stream:features>")

	if got := loris.eof(); got != "" {
		t.Errorf("the half-open connection received %q, want nothing", got)
	}
	before := len(open.got.String())
	after := open.until("</stream:features> ")
	if extra := after[before-len("</stream:features>"):]; extra != "</stream:features> " {
		t.Errorf("keepalive: got %q", extra)
	}
	states := make(map[string]int)
	for _, st := range sessions(t, g) {
		states[st]++
	}
	if states["destroyed closed"] != 1 || states["stream open "] != 1 {
		t.Errorf("sessions %v, want the slowloris one destroyed and the open one still open", states)
	}
}

// TestConnectionTimeout: the virtual clock follows real time, so an
// unauthenticated session meets c2s_timeout (here 0.4 s) and is closed
// with connection-timeout, even while it keeps sending whitespace.
func TestConnectionTimeout(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Server.Timeout = server.Seconds(400 * time.Millisecond)
	g, _ := start(t, live.Config{Engine: cfg, Tick: 50 * time.Millisecond})
	c := dialRaw(t, g.tcp)
	c.send(header)
	c.until("</stream:features>")
	go func() {
		for range 20 {
			if _, err := c.c.Write([]byte(" ")); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	got := c.eof()
	want := "<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got %q, want it to end %q", got, want)
	}
}

// TestMaxConnections: beyond the maximum, a TCP client is refused with a
// resource-constraint stream error and a WebSocket client with HTTP 503;
// once a connection closes, a new one is accepted.
func TestMaxConnections(t *testing.T) {
	g, _ := start(t, live.Config{MaxConns: 2})
	a, b := dialRaw(t, g.tcp), dialRaw(t, g.tcp)
	for _, c := range []*raw{a, b} {
		c.send(header)
		c.until("</stream:features>")
	}
	refused := dialRaw(t, g.tcp)
	want := "<stream:error><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Too many connections</text></stream:error></stream:stream>"
	if got := refused.eof(); !strings.HasSuffix(got, want) {
		t.Errorf("the third connection got %q, want a stream error ending %q", got, want)
	}
	resp, err := http.Get(strings.Replace(g.ws, "ws://", "http://", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("WebSocket beyond the maximum: HTTP %d, want 503", resp.StatusCode)
	}
	a.send("</stream:stream>")
	a.eof()
	_ = a.c.Close()
	for deadline := time.Now().Add(20 * time.Second); g.r.Open() >= 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the closed connection is still counted: %d open", g.r.Open())
		}
	}
	again := dialRaw(t, g.tcp)
	again.send(header)
	again.until("</stream:features>")
}

// TestStuckClient: a client that stops reading while another floods it
// with messages is dropped once its write queue is full, and a third
// client is still served.
func TestStuckClient(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg, QueueBytes: 64 << 10, Record: true})
	stuck, flooder, bystander := dialRaw(t, g.tcp), dialRaw(t, g.tcp), dialRaw(t, g.tcp)
	// A small receive buffer stops the kernel from absorbing tens of
	// megabytes (tcp_rmem may grow to 32 MiB) before the server's queue fills.
	if tc, ok := stuck.c.(*net.TCPConn); ok {
		if err := tc.SetReadBuffer(4096); err != nil {
			t.Fatal(err)
		}
	}
	stuck.login("stuck", "r")
	flooder.login("flooder", "r")
	bystander.login("bystander", "r")
	body := strings.Repeat("x", 9000)
	flood := bytes.Repeat([]byte("<message to='stuck@localhost/r' type='chat'><body>"+body+"</body></message>"), 20)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil && sessions(t, g)["conn1"] != "destroyed closed" {
		if _, err := flooder.c.Write(flood); err != nil {
			t.Fatal(err)
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("the stuck client was never dropped: %q", sessions(t, g)["conn1"])
	}
	bystander.send("<iq type='get' id='still-served'><query xmlns='jabber:iq:roster'/></iq>")
	bystander.until("id='still-served'")
}

// received counts the bytes the engine has taken in from a connection.
func received(t *testing.T, g *rig, name string) int {
	t.Helper()
	s, err := g.r.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range s.Inputs {
		if in.Op == engine.OpRecv && in.Name == name {
			n += len(in.Raw) + len(in.Bytes)
		}
	}
	return n
}

// TestReadRate: with mod_limits' throttle (here 1000 bytes a second, a
// burst of 2000), a client that sends 20,000 bytes at once is read one
// chunk at a time: after the first chunk, reading pauses for seconds
// instead of taking in the rest.
func TestReadRate(t *testing.T) {
	g, _ := start(t, live.Config{ReadRate: 1000, Record: true})
	c := dialRaw(t, g.tcp)
	c.send(header + strings.Repeat(" ", 20000))
	c.until("</stream:features>")
	if n := received(t, g, "tcp1"); n == 0 || n > 4096 {
		t.Errorf("the engine took in %d bytes, want one read of at most 4096", n)
	}
}

// dialFrom connects to addr from the local IP address from.
func dialFrom(t *testing.T, from, addr string) *raw {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &raw{t: t, c: c, r: bufio.NewReader(c)}
}

// TestPerAddressLimit: 50 silent sockets from one address take every
// connection the listener allows (here 50), locking out a login from
// anywhere else; with a per-address limit of 10, the 40 beyond it are
// refused with a policy-violation stream error (a WebSocket client from
// the same address with HTTP 429), and a client from another address
// logs in.
func TestPerAddressLimit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		perAddr int
		held    int // the silent sockets the listener keeps
	}{
		{"no per-address limit: locked out", 0, 50},
		{"10 per address", 10, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := engine.DefaultConfig()
			cfg.Server.Authentication = "insecure"
			g, _ := start(t, live.Config{Engine: cfg, MaxConns: 50, MaxPerAddr: tc.perAddr})
			silent := make([]*raw, 50)
			for i := range silent {
				silent[i] = dialFrom(t, "127.0.0.1", g.tcp)
			}
			refused := make(chan string, len(silent))
			for _, c := range silent {
				_ = c.c.SetReadDeadline(time.Now().Add(20 * time.Second))
				go func() {
					b, _ := io.ReadAll(c.r)
					refused <- string(b)
				}()
			}
			// Once the refusals expected have come, the held sockets are
			// given a moment more, to see that nothing else comes.
			settle := func() {
				for _, c := range silent {
					_ = c.c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
				}
			}
			if tc.held == 50 {
				settle()
			}
			want := "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Too many connections from your address</text></stream:error></stream:stream>"
			n := 0
			for range silent {
				got := <-refused
				switch {
				case got == "":
				case strings.HasSuffix(got, want):
					if n++; n == 50-tc.held {
						settle()
					}
				default:
					t.Errorf("a silent socket received %q", got)
				}
			}
			if n != 50-tc.held {
				t.Errorf("%d silent sockets refused, want %d", n, 50-tc.held)
			}
			resp, err := http.Get(strings.Replace(g.ws, "ws://", "http://", 1))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if wantWS := map[bool]int{true: http.StatusServiceUnavailable, false: http.StatusTooManyRequests}[tc.held == 50]; resp.StatusCode != wantWS {
				t.Errorf("WebSocket from the same address: HTTP %d, want %d", resp.StatusCode, wantWS)
			}
			other := dialFrom(t, "127.0.0.2", g.tcp)
			other.send(header)
			got := other.until("</stream:")
			locked := strings.Contains(got, "<resource-constraint")
			if wantLocked := tc.held == 50; locked != wantLocked {
				t.Fatalf("another address locked out: %v, want %v (%q)", locked, wantLocked, got)
			}
			if !locked {
				other.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00dave\x00pw")) + "</auth>")
				other.until("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
			}
		})
	}
}
