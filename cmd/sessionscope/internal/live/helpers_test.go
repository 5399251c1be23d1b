package live_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// rig is a runner serving TCP and WebSocket on loopback for one test.
type rig struct {
	r     *live.Runner
	tcp   string // host:port of the c2s listener
	ws    string // ws:// URL of the WebSocket endpoint
	trans *engine.Transcript
}

// start runs a runner with cfg (test defaults for what is unset) until the
// test ends; stop ends it early and returns when the engine goroutine has
// returned.
func start(t testing.TB, cfg live.Config) (*rig, func()) {
	t.Helper()
	if cfg.Engine.Server.Hosts == nil {
		cfg.Engine = engine.DefaultConfig()
		cfg.Engine.Server.DefaultIterationCount = 4096
	}
	trans := &engine.Transcript{}
	r, err := live.New(cfg, trans.Observe)
	if err != nil {
		t.Fatal(err)
	}
	g := &rig{r: r, trans: trans}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	wln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(live.WebSocketPath, r.WebSocketHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(wln) }()
	go func() { _ = r.ServeTCP(ln) }()
	g.tcp, g.ws = ln.Addr().String(), "ws://"+wln.Addr().String()+live.WebSocketPath
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = ln.Close()
		_ = srv.Close()
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return g, stop
}

// raw is a hand-driven TCP client for the protection tests.
type raw struct {
	t   *testing.T
	c   net.Conn
	r   *bufio.Reader
	got strings.Builder
}

const header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"

func dialRaw(t *testing.T, addr string) *raw {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &raw{t: t, c: c, r: bufio.NewReader(c)}
}

func (c *raw) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.c, s); err != nil {
		c.t.Fatal(err)
	}
}

// until reads until what was received contains want, and returns it all.
// The deadline only stops a broken test from hanging.
func (c *raw) until(want string) string {
	c.t.Helper()
	_ = c.c.SetReadDeadline(time.Now().Add(20 * time.Second))
	for !strings.Contains(c.got.String(), want) {
		b, err := c.r.ReadByte()
		if err != nil {
			c.t.Fatalf("waiting for %q: %v; received:\n%s", want, err, c.got.String())
		}
		c.got.WriteByte(b)
	}
	return c.got.String()
}

// eof reads until the server closes the connection and returns what came
// before.
func (c *raw) eof() string {
	c.t.Helper()
	_ = c.c.SetReadDeadline(time.Now().Add(20 * time.Second))
	rest, err := io.ReadAll(c.r)
	c.got.Write(rest)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatalf("the server did not close the connection; received:\n%s", c.got.String())
	}
	return c.got.String()
}

// login authenticates with PLAIN and binds resource.
func (c *raw) login(user, resource string) {
	c.t.Helper()
	c.send(header)
	c.until("</stream:features>")
	c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
		base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00secret")) + "</auth>")
	c.until("<success")
	c.send(header)
	c.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>")
	c.until("</iq>")
}
