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
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
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
	f, err := os.Open(record)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := live.ReadScenario(f)
	if err != nil {
		t.Fatal(err)
	}
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
