package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

func TestParseListen(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"defaults", nil, ""},
		{"ipv6 loopback", []string{"-addr", "[::1]:5222"}, ""},
		{"localhost", []string{"-ws", "localhost:5280"}, ""},
		{"public address refused", []string{"-addr", "0.0.0.0:5222"}, "refusing to listen"},
		{"public websocket refused", []string{"-ws", "192.0.2.1:5280"}, "refusing to listen"},
		{"public allowed explicitly", []string{"-public", "-addr", "0.0.0.0:5222"}, ""},
		{"user without password", []string{"-user", "alice"}, "NAME:PASSWORD"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseListen(tt.args, io.Discard)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestPublicDefaults: -public limits the connections from one address
// and loads mod_limit_auth, unless -max-conns-per-ip or -limit-auth say
// otherwise; loopback does neither unless asked.
func TestPublicDefaults(t *testing.T) {
	for _, tt := range []struct {
		name      string
		args      []string
		perAddr   int
		limitAuth bool
	}{
		{"loopback", nil, 0, false},
		{"public", []string{"-public"}, publicPerAddr, true},
		{"public, limit given", []string{"-public", "-max-conns-per-ip", "3"}, 3, true},
		{"public, no limits asked for", []string{"-public", "-max-conns-per-ip", "0", "-limit-auth=false"}, 0, false},
		{"loopback, limits asked for", []string{"-max-conns-per-ip", "5", "-limit-auth"}, 5, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseListen(tt.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if o.maxPerAddr != tt.perAddr {
				t.Errorf("per-address limit %d, want %d", o.maxPerAddr, tt.perAddr)
			}
			cfg, err := o.engineConfig()
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Server.Loaded("limit_auth"); got != tt.limitAuth {
				t.Errorf("mod_limit_auth loaded: %v, want %v (modules %q)", got, tt.limitAuth, cfg.Server.Modules)
			}
		})
	}
}

// TestPublicOffersNoPlain: off loopback only SCRAM is offered, and only
// after TLS (c2s_require_encryption, Prosody's default); on loopback plain
// TCP may authenticate. STARTTLS is offered either way (mod_tls).
func TestPublicOffersNoPlain(t *testing.T) {
	for _, tt := range []struct {
		name   string
		args   []string
		plain  bool
		public bool
	}{
		{"loopback", nil, true, false},
		{"public", []string{"-public", "-addr", "0.0.0.0:5222"}, false, true},
	} {
		o, err := parseListen(tt.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := o.engineConfig()
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(cfg.Server.Mechanisms, "PLAIN"); got != tt.plain {
			t.Errorf("%s: PLAIN offered %v, want %v (%v)", tt.name, got, tt.plain, cfg.Server.Mechanisms)
		}
		if !slices.Contains(cfg.Server.Mechanisms, "SCRAM-SHA-1") {
			t.Errorf("%s: SCRAM-SHA-1 not offered", tt.name)
		}
		if cfg.Server.RequireEncryption != tt.public || !cfg.Server.TLS {
			t.Errorf("%s: c2s_require_encryption %v tls %v, want %v true", tt.name, cfg.Server.RequireEncryption, cfg.Server.TLS, tt.public)
		}
	}
}

// TestCertKeptInData: the self-signed certificate is made on first start,
// kept in the -data folder and reused later; it is ECDSA P-256 for
// localhost.
func TestCertKeptInData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := loadOrMakeCert(dir)
	if err != nil {
		t.Fatal(err)
	}
	again, err := loadOrMakeCert(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Certificate[0], again.Certificate[0]) {
		t.Error("a second start made a new certificate instead of reusing the kept one")
	}
	leaf, err := x509.ParseCertificate(first.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if pk, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || pk.Curve != elliptic.P256() || leaf.VerifyHostname("localhost") != nil {
		t.Errorf("certificate key %T for %v, want ECDSA P-256 for localhost", leaf.PublicKey, leaf.DNSNames)
	}
	if fi, err := os.Stat(filepath.Join(dir, tlsKeyFile)); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	other, err := loadOrMakeCert("")
	if err != nil || bytes.Equal(other.Certificate[0], first.Certificate[0]) {
		t.Errorf("without -data: %v, same certificate %v", err, err == nil)
	}
}

// TestListenRecords runs the command: a client logs in with a -user
// account over TCP, accounts persist in the -data directory, and the
// -record file replays to the same session without sockets.
func TestListenRecords(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "run.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- listenRun(ctx, []string{"-addr", "127.0.0.1:0", "-ws", "", "-data", filepath.Join(dir, "data"),
			"-user", "alice:secret", "-record", record, "-scs", record + ".scs", "-seed", "7"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	first, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, lines) }()
	addr := strings.TrimSpace(strings.TrimPrefix(first, "xmpp c2s listening on "))
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	r := bufio.NewReader(c)
	for _, step := range []struct{ send, until string }{
		{header, "</stream:features>"},
		{"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00alice\x00secret")) + "</auth>", "<success"},
		{header, "</stream:features>"},
		{"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>cli</resource></bind></iq>", "</iq>"},
	} {
		if _, err := io.WriteString(c, step.send); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		for !strings.Contains(got.String(), step.until) {
			b, err := r.ReadByte()
			if err != nil {
				t.Fatalf("waiting for %s: %v (%s)", step.until, err, got.String())
			}
			got.WriteByte(b)
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("listen exited %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "localhost", "accounts", "alice.json")); err != nil {
		t.Errorf("the account is not in the data directory: %v", err)
	}
	script, err := os.ReadFile(record + ".scs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), "jid: alice@localhost/cli") || !strings.Contains(string(script), "alice connects") {
		t.Errorf("the script lacks alice connecting:\n%s", script)
	}
	s := readRecord(t, record)
	if s.Config.Seed != 7 {
		t.Errorf("recorded seed %d, want 7", s.Config.Seed)
	}
	e, err := live.Replay(s)
	if err != nil {
		t.Fatal(err)
	}
	ss := e.Sessions()
	if len(ss) != 1 || ss[0].Fields["full_jid"].Text != "alice@localhost/cli" {
		t.Errorf("replayed sessions %+v, want alice@localhost/cli", ss)
	}
}

// startListen runs the listen command with args on a pipe and returns
// the lines it prints first (the addresses) and a stop function returning
// its exit code.
func startListen(t *testing.T, args []string, lines int) ([]string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- listenRun(ctx, args, pw, io.Discard)
		pw.Close()
	}()
	r := bufio.NewReader(pr)
	var out []string
	for range lines {
		l, err := r.ReadString('\n')
		if err != nil {
			cancel()
			t.Fatalf("listen printed %q: %v", out, err)
		}
		out = append(out, strings.TrimSpace(l))
	}
	go func() { _, _ = io.Copy(io.Discard, r) }()
	stopped := false
	code := 0
	stop := func() int {
		if !stopped {
			stopped = true
			cancel()
			code = <-done
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return out, stop
}

// xmppClient is a raw TCP client of the listen command.
type xmppClient struct {
	t   *testing.T
	c   net.Conn
	r   *bufio.Reader
	got strings.Builder
}

// dialLogin connects to addr and logs user in with PLAIN, binding
// resource.
func dialLogin(t *testing.T, addr, user, password, resource string) *xmppClient {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	x := &xmppClient{t: t, c: c, r: bufio.NewReader(c)}
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	x.send(header, "</stream:features>")
	x.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"+base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+password))+"</auth>", "<success")
	x.send(header, "</stream:features>")
	x.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"+resource+"</resource></bind></iq>", "</iq>")
	return x
}

// send writes s and reads until what was received contains until.
func (x *xmppClient) send(s, until string) string {
	x.t.Helper()
	if _, err := io.WriteString(x.c, s); err != nil {
		x.t.Fatal(err)
	}
	for !strings.Contains(x.got.String(), until) {
		b, err := x.r.ReadByte()
		if err != nil {
			x.t.Fatalf("waiting for %s: %v (%s)", until, err, x.got.String())
		}
		x.got.WriteByte(b)
	}
	return x.got.String()
}

// delayStamp finds the stamp of the first XEP-0203 delay in s.
var delayStamp = regexp.MustCompile(`<delay xmlns='urn:xmpp:delay' from='localhost' stamp='([^']*)'/>`)

// TestListenStampsToday: the listener's clock starts at the wall-clock
// time, so a message stored offline (mod_offline) reaches its recipient
// with a delay stamp of today's date, not the page's fixed epoch; the
// start is recorded with the run, which replays to the same stamp.
func TestListenStampsToday(t *testing.T) {
	before := time.Now().UTC()
	record := filepath.Join(t.TempDir(), "run.json")
	lines, stop := startListen(t, []string{"-addr", "127.0.0.1:0", "-ws", "", "-user", "alice:secret", "-user", "bob:secret", "-record", record}, 1)
	addr := strings.TrimPrefix(lines[0], "xmpp c2s listening on ")
	alice := dialLogin(t, addr, "alice", "secret", "a")
	alice.send("<message to='bob@localhost' type='chat' id='m1'><body>while you were out</body></message><iq type='get' id='p'><query xmlns='jabber:iq:roster'/></iq>", "id='p'")
	bob := dialLogin(t, addr, "bob", "secret", "b")
	got := bob.send("<presence/>", "</message>")
	after := time.Now().UTC()
	m := delayStamp.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("bob's offline message has no delay stamp:\n%s", got)
	}
	stamp, err := time.Parse("2006-01-02T15:04:05Z", m[1])
	if err != nil {
		t.Fatal(err)
	}
	if stamp.Before(before.Truncate(time.Second)) || stamp.After(after) {
		t.Errorf("delay stamp %s, want the time it was stored, between %s and %s", m[1], before.Format(time.RFC3339), after.Format(time.RFC3339))
	}
	if code := stop(); code != 0 {
		t.Fatalf("listen exited %d", code)
	}
	s := readRecord(t, record)
	var replayed strings.Builder
	if _, err := live.Replay(s, func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out {
			replayed.WriteString(ev.Raw)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if again := delayStamp.FindStringSubmatch(replayed.String()); again == nil || again[1] != m[1] {
		t.Errorf("the replay's stamp %q, want %q", again, m[1])
	}
}

// TestListenPageToken: listen -http prints the page's address with a
// fresh secret token in its fragment; the events answer only with it.
func TestListenPageToken(t *testing.T) {
	lines, _ := startListen(t, []string{"-addr", "", "-ws", "", "-http", "127.0.0.1:0"}, 1)
	page, ok := strings.CutPrefix(lines[0], "the page, live, at http://")
	host, token, found := strings.Cut(page, "/#live=")
	if !ok || !found || len(token) < 40 {
		t.Fatalf("listen printed %q, want the page's address with #live=TOKEN", lines[0])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := "ws://" + host + live.EventsPath + "?" + live.TokenParam + "="
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"with the token", token, http.StatusSwitchingProtocols},
		{"without it", "", http.StatusForbidden},
	} {
		ws, resp, err := websocket.Dial(ctx, events+tc.token, nil)
		if ws != nil {
			ws.CloseNow()
		}
		if resp == nil || resp.StatusCode != tc.want {
			t.Errorf("%s: %v, %v; want status %d", tc.name, resp, err, tc.want)
		}
	}
	again, _ := startListen(t, []string{"-addr", "", "-ws", "", "-http", "127.0.0.1:0"}, 1)
	if strings.Contains(again[0], token) {
		t.Error("two listeners printed the same token")
	}
}

// readRecord reads a run listen -record saved.
func readRecord(t *testing.T, path string) engine.Scenario {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := live.ReadScenario(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
