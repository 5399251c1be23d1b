package live_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// eventsServer serves the runner's events on loopback behind a guard with
// a fresh token, and returns the events URL with that token and the
// server's host:port.
func eventsServer(t *testing.T, g *rig) (url, hostport string) {
	t.Helper()
	token, err := live.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	hostport = srv.Listener.Addr().String()
	srv.Config.Handler = g.r.EventsHandler(live.Guard{Token: token, Addr: hostport})
	srv.Start()
	t.Cleanup(srv.Close)
	return "ws://" + hostport + live.EventsPath + "?" + live.TokenParam + "=" + token, hostport
}

// watcher is a page following the events.
type watcher struct {
	t   *testing.T
	ctx context.Context
	ws  *websocket.Conn
}

func watch(t *testing.T, ctx context.Context, url string, opts *websocket.DialOptions) *watcher {
	t.Helper()
	ws, _, err := websocket.Dial(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	return &watcher{t: t, ctx: ctx, ws: ws}
}

func (w *watcher) next() engine.Event {
	w.t.Helper()
	_, b, err := w.ws.Read(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	var ev engine.Event
	if err := json.Unmarshal(b, &ev); err != nil {
		w.t.Fatalf("%v: %s", err, b)
	}
	return ev
}

// TestEvents: a page following the live engine first receives the
// sessions that exist, then every change as a client logs in, as JSON
// engine events.
func TestEvents(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg})
	early := dialRaw(t, g.tcp)
	early.send(header)
	early.until("</stream:features>")
	url, _ := eventsServer(t, g)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	w := watch(t, ctx, url, nil)
	if ev := w.next(); ev.Kind != engine.SessionCreated || ev.Snapshot.ConnID != "conn1" || ev.Snapshot.State != "stream open" {
		t.Fatalf("first event %+v, want the open session on conn1", ev)
	}
	c := dialRaw(t, g.tcp)
	c.login("carol", "web")
	for {
		ev := w.next()
		if ev.Kind == engine.SessionChanged && ev.Snapshot.Fields["full_jid"].Text == "carol@localhost/web" {
			break
		}
	}
}

// TestEventsGuard: the events stream every client's bytes, so only a
// page holding the listener's secret token, reached at the address
// served, may watch: each attack is refused with 403 before any upgrade.
func TestEventsGuard(t *testing.T) {
	g, _ := start(t, live.Config{})
	url, hostport := eventsServer(t, g)
	_, port, _ := strings.Cut(hostport, ":")
	base, _, _ := strings.Cut(url, "?")
	for _, tc := range []struct {
		name, url, host, origin string
		want                    int
	}{
		{"no token", base, "", "", http.StatusForbidden},
		{"a wrong token", base + "?token=guess", "", "", http.StatusForbidden},
		{"an empty token", base + "?token=", "", "", http.StatusForbidden},
		{"DNS rebinding: a foreign Host", url, "attacker.example:" + port, "http://attacker.example:" + port, http.StatusForbidden},
		{"a foreign Host without an Origin", url, "attacker.example:" + port, "", http.StatusForbidden},
		{"another port in the Host", url, "127.0.0.1:1", "", http.StatusForbidden},
		{"a foreign Origin", url, "", "https://evil.example", http.StatusForbidden},
		{"a page on another loopback port", url, "", "http://localhost:1", http.StatusForbidden},
		{"an opaque Origin", url, "", "null", http.StatusForbidden},
		{"the page served here", url, "", "http://" + hostport, http.StatusSwitchingProtocols},
		{"the page as localhost", url, "localhost:" + port, "http://localhost:" + port, http.StatusSwitchingProtocols},
		{"a client without an Origin", url, "", "", http.StatusSwitchingProtocols},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			opts := &websocket.DialOptions{Host: tc.host, HTTPHeader: http.Header{}}
			if tc.origin != "" {
				opts.HTTPHeader.Set("Origin", tc.origin)
			}
			ws, resp, err := websocket.Dial(ctx, tc.url, opts)
			if ws != nil {
				ws.CloseNow()
			}
			if resp == nil {
				t.Fatalf("no response: %v", err)
			}
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d (%v)", resp.StatusCode, tc.want, err)
			}
		})
	}
}

// TestEventsMaskCredentials: the bytes a client sends reach a watching
// page with its SASL credentials masked, as the page's log masks them,
// even when they arrive cut across chunks; a page that asks with
// reveal=1 sees them.
func TestEventsMaskCredentials(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg})
	url, _ := eventsServer(t, g)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	masked := watch(t, ctx, url, nil)
	revealed := watch(t, ctx, url+"&"+live.RevealParam+"=1", nil)
	creds := base64.StdEncoding.EncodeToString([]byte("\x00carol\x00hunter2-secret"))
	c := dialRaw(t, g.tcp)
	c.send(header)
	c.until("</stream:features>")
	c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + creds[:10])
	time.Sleep(50 * time.Millisecond) // a chunk of its own
	c.send(creds[10:] + "</auth>")
	c.until("<success")
	c.send("</stream:stream>")
	c.eof()
	sent := func(w *watcher) string {
		var b strings.Builder
		for {
			ev := w.next()
			if ev.Kind == engine.Wire && ev.Dir == engine.In {
				b.WriteString(ev.Raw)
				if ev.What == "close" || strings.Contains(ev.Raw, "</stream:stream>") {
					return b.String()
				}
			}
		}
	}
	got := sent(masked)
	for _, piece := range []string{creds[:10], creds[10:20], creds[18:26]} {
		if strings.Contains(got, piece) {
			t.Errorf("the stream shows %q of carol's credentials:\n%s", piece, got)
		}
	}
	if want := "mechanism='PLAIN'>" + view.Masked; !strings.Contains(got, want) {
		t.Errorf("the stream lacks %q:\n%s", want, got)
	}
	if got := sent(revealed); !strings.Contains(got, creds[:10]) || !strings.Contains(got, creds[10:]) {
		t.Errorf("reveal=1 does not show the credentials:\n%s", got)
	}
}
