package live_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"mellium.im/sasl"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// testCert is a self-signed ECDSA P-256 certificate for localhost.
func testCert(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// startTLS runs a runner whose server has mod_tls (and requires
// encryption when require is set), with alice/secret.
func startTLS(t *testing.T, require bool) (*rig, func(), *tls.Config) {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Server.TLS, cfg.Server.RequireEncryption = true, require
	tc := testCert(t)
	g, stop := start(t, live.Config{Engine: cfg, TLS: tc, Record: true, Users: []live.User{{Name: "alice", Password: "secret"}}})
	return g, stop, tc
}

// limits is the stream-limits feature of the default configuration.
const limits = "<limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits>"

// TestRequireEncryptionRefusesAuth: with c2s_require_encryption (as
// listen -public sets it) a plain connection is offered only STARTTLS and
// an <auth> is refused, with Prosody 13.0.1's bytes (recorded with mod_tls
// and c2s_require_encryption = true).
func TestRequireEncryptionRefusesAuth(t *testing.T) {
	g, _, _ := startTLS(t, true)
	c := dialRaw(t, g.tcp)
	c.send(header)
	got := c.until("</stream:features>")
	want := "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>" + limits + "</stream:features>"
	if !strings.HasSuffix(got, want) {
		t.Fatalf("features = %q, want suffix %q", got, want)
	}
	c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00alice\x00secret")) + "</auth>")
	refusal := "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><encryption-required/></failure>"
	if got := c.until(refusal); !strings.HasSuffix(got, want+refusal) {
		t.Fatalf("received %q, want the features then %q", got, refusal)
	}
}

// melliumTLS logs alice in with mellium over conn: STARTTLS when the
// connection is plain, then SCRAM-SHA-1-PLUS with channel binding.
func melliumTLS(ctx context.Context, t *testing.T, conn net.Conn, state xmpp.SessionState, tc *tls.Config) *xmpp.Session {
	t.Helper()
	addr := jid.MustParse("alice@localhost/plus")
	features := []xmpp.StreamFeature{xmpp.SASL("", "secret", sasl.ScramSha1Plus), xmpp.BindResource()}
	if state&xmpp.Secure == 0 {
		features = append([]xmpp.StreamFeature{xmpp.StartTLS(tc)}, features...)
	}
	s, err := xmpp.NewSession(ctx, addr.Domain(), addr, conn, state, xmpp.NewNegotiator(func(*xmpp.Session, *xmpp.StreamConfig) xmpp.StreamConfig {
		return xmpp.StreamConfig{Features: features}
	}))
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	return s
}

func clientTLS() *tls.Config {
	return &tls.Config{ServerName: "localhost", InsecureSkipVerify: true} //nolint:gosec // a test against our own self-signed certificate
}

// TestStartTLSPlusReplays: a mellium client upgrades with STARTTLS and
// logs in with SCRAM-SHA-1-PLUS (tls-exporter on TLS 1.3); the session is
// secure, and the recorded run, handshake included as an input, replays
// byte for byte without sockets.
func TestStartTLSPlusReplays(t *testing.T) {
	g, stop, _ := startTLS(t, true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", g.tcp)
	if err != nil {
		t.Fatal(err)
	}
	s := melliumTLS(ctx, t, conn, 0, clientTLS())
	if s.LocalAddr().Resourcepart() == "" {
		t.Fatal("no resource bound")
	}
	tr := g.trans.String()
	for _, want := range []string{"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", `mechanism="SCRAM-SHA-1-PLUS"`, "secure: nil -> false", "secure: false -> true",
		"<channel-binding type='tls-exporter'/>"} {
		if !strings.Contains(tr, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, tail(g))
		}
	}
	_ = s.Close()
	stop()
	rec, err := g.r.Recorded()
	if err != nil {
		t.Fatal(err)
	}
	var again engine.Transcript
	e, err := live.Replay(rec, again.Observe)
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != g.trans.String() {
		t.Errorf("the replay differs from the live run:\n--- live\n%s\n--- replay\n%s", g.trans.String(), again.String())
	}
	if n := len(e.Sessions()); n != 1 {
		t.Errorf("replay has %d sessions, want 1", n)
	}
	sawSecure := false
	for _, in := range rec.Inputs {
		if in.Op == engine.OpTLS && len(in.Bindings["tls-exporter"]) == 32 {
			sawSecure = true
		}
	}
	if !sawSecure {
		t.Errorf("no tls input with 32 bytes of tls-exporter in %+v", rec.Inputs)
	}
}

// TestDirectTLSPlus: on the direct TLS port the session is secure from
// its connect: no STARTTLS, and SCRAM-SHA-1-PLUS logs in.
func TestDirectTLSPlus(t *testing.T) {
	g, _, _ := startTLS(t, true)
	ln := serveDirectTLS(t, g)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := (&tls.Dialer{Config: clientTLS()}).DialContext(ctx, "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := melliumTLS(ctx, t, conn, xmpp.Secure, nil)
	defer s.Close()
	if s.LocalAddr().Resourcepart() == "" {
		t.Fatal("no resource bound")
	}
	if strings.Contains(g.trans.String(), "starttls") {
		t.Errorf("STARTTLS offered on a direct TLS connection:\n%s", tail(g))
	}
}

// TestDirectTLSPlaintext: a client speaking XML in clear to the direct TLS
// port fails the handshake and is closed, without a session or a leaked
// connection count.
func TestDirectTLSPlaintext(t *testing.T) {
	g, _, _ := startTLS(t, true)
	ln := serveDirectTLS(t, g)
	c := dialRaw(t, ln.Addr().String())
	c.send(header)
	c.eof()
	deadline := time.Now().Add(10 * time.Second)
	for g.r.Open() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := g.r.Open(); n != 0 {
		t.Errorf("%d connections counted open after the failed handshake", n)
	}
	if strings.Contains(g.trans.String(), "dial") {
		t.Errorf("a session was made:\n%s", g.trans.String())
	}
}

// serveDirectTLS serves the rig's runner on a direct TLS port until the
// test ends.
func serveDirectTLS(t *testing.T, g *rig) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() { _ = g.r.ServeDirectTLS(ln) }()
	return ln
}
