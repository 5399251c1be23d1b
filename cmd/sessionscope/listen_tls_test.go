package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xdg-go/scram"
)

// tlsWire is one client socket with a byte reader over it.
type tlsWire struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func newTLSWire(t *testing.T, c net.Conn) *tlsWire {
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	return &tlsWire{t: t, c: c, r: bufio.NewReader(c)}
}

// say sends s and returns what arrives up to and including until.
func (w *tlsWire) say(s, until string) string {
	w.t.Helper()
	if s != "" {
		if _, err := io.WriteString(w.c, s); err != nil {
			w.t.Fatal(err)
		}
	}
	var got strings.Builder
	for !strings.HasSuffix(got.String(), until) {
		b, err := w.r.ReadByte()
		if err != nil {
			w.t.Fatalf("waiting for %s: %v (%s)", until, err, got.String())
		}
		got.WriteByte(b)
	}
	return got.String()
}

const (
	tlsHeader = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	tlsLimits = "<limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits>"
	// plusFeatures are -public's features over TLS 1.3: no PLAIN, and
	// SCRAM-SHA-1-PLUS with tls-exporter.
	plusFeatures = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-1-PLUS</mechanism><mechanism>OAUTHBEARER</mechanism></mechanisms>" +
		"<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='tls-exporter'/></sasl-channel-binding>" + tlsLimits + "</stream:features>"
)

// TestListenPublicRequiresTLS runs listen -public: on plain TCP only
// <starttls><required/> is offered and <auth> is refused with
// encryption-required (Prosody 13.0.1's bytes under its default
// c2s_require_encryption); after STARTTLS, SCRAM-SHA-1-PLUS with
// tls-exporter logs in; the direct TLS port offers SASL at once.
func TestListenPublicRequiresTLS(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- listenRun(ctx, []string{"-public", "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-ws", "",
			"-data", filepath.Join(dir, "data"), "-user", "alice:secret"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	var addrs []string
	for len(addrs) < 2 {
		l, err := lines.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.LastIndex(l, " on "); i >= 0 {
			addrs = append(addrs, strings.TrimSpace(l[i+4:]))
		}
	}
	go func() { _, _ = io.Copy(io.Discard, lines) }()

	c, err := net.Dial("tcp", addrs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := newTLSWire(t, c)
	want := "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>" + tlsLimits + "</stream:features>"
	if got := w.say(tlsHeader, "</stream:features>"); !strings.HasSuffix(got, want) {
		t.Fatalf("features before TLS = %q, want %q", got, want)
	}
	refusal := "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><encryption-required/></failure>"
	if got := w.say("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>biwsbj1hbGljZSxyPWFiYw==</auth>", "</failure>"); got != refusal {
		t.Fatalf("auth before TLS = %q, want %q", got, refusal)
	}
	if got := w.say("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", "/>"); got != "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" {
		t.Fatalf("starttls = %q", got)
	}
	tc := tls.Client(c, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true}) //nolint:gosec // our own self-signed certificate
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	w = newTLSWire(t, tc)
	if got := w.say(tlsHeader, "</stream:features>"); !strings.HasSuffix(got, plusFeatures) {
		t.Fatalf("features after STARTTLS = %q, want %q", got, plusFeatures)
	}
	scramPlus(t, w, tc.ConnectionState())

	d, err := tls.Dial("tcp", addrs[1], &tls.Config{ServerName: "localhost", InsecureSkipVerify: true}) //nolint:gosec // as above
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := newTLSWire(t, d).say(tlsHeader, "</stream:features>"); !strings.HasSuffix(got, plusFeatures) {
		t.Fatalf("features on the direct TLS port = %q, want %q", got, plusFeatures)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("listen exited %d", code)
	}
}

// scramPlus logs alice in with SCRAM-SHA-1-PLUS bound to the connection
// with tls-exporter (xdg-go/scram's client).
func scramPlus(t *testing.T, w *tlsWire, st tls.ConnectionState) {
	t.Helper()
	cb, err := scram.NewTLSExporterBinding(&st)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := scram.SHA1.NewClient("alice", "secret", "")
	if err != nil {
		t.Fatal(err)
	}
	conv := cl.NewConversationWithChannelBinding(cb)
	first, err := conv.Step("")
	if err != nil {
		t.Fatal(err)
	}
	got := w.say("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1-PLUS'>"+b64(first)+"</auth>", "</challenge>")
	challenge, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(got[strings.Index(got, ">")+1:], "</challenge>"))
	if err != nil {
		t.Fatalf("challenge %q: %v", got, err)
	}
	final, err := conv.Step(string(challenge))
	if err != nil {
		t.Fatal(err)
	}
	got = w.say("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"+b64(final)+"</response>", ">")
	if !strings.HasPrefix(got, "<success") {
		t.Fatalf("SCRAM-SHA-1-PLUS final = %q", got+w.say("", ">"))
	}
	got += w.say("", "</success>")
	v, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(got[strings.Index(got, ">")+1:], "</success>"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conv.Step(string(v)); err != nil || !conv.Valid() {
		t.Fatalf("the server's signature did not verify: %v", err)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
