package engine_test

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/paseto"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/token"
)

const (
	moderator     = "urn:xmpp:hats:moderator"
	tokenFeatures = `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>OAUTHBEARER</mechanism></mechanisms><limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>262144</max-bytes><idle-seconds>840</idle-seconds></limits></stream:features>`
	saslFail      = `<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>`
)

// tokenRig is an engine with the token service, alice's account and a
// client "alice" that records what the server sends it.
type tokenRig struct {
	t   testing.TB
	e   *engine.Engine
	out []string // server-to-client bytes since the last take
}

func newTokenRig(t testing.TB, hosts ...string) *tokenRig {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	if len(hosts) > 0 {
		cfg.Server.Hosts = hosts
	}
	cfg.Token = &token.Config{Lifetime: server.Seconds(time.Hour), Hats: map[string][]string{"alice": {moderator}}}
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &tokenRig{t: t, e: e}
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out {
			r.out = append(r.out, ev.Raw)
		}
	})
	r.must(e.AddAccount("alice", "secret"))
	if _, err := e.AddClient(client.Spec{User: "alice", Password: "secret", Resource: "laptop"}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *tokenRig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// do performs actions, running the engine after each.
func (r *tokenRig) do(actions ...string) {
	r.t.Helper()
	for _, a := range actions {
		r.must(r.e.Act("alice", a))
		r.e.Run(0)
	}
}

// send writes raw XML as alice and runs the engine.
func (r *tokenRig) send(raw string) {
	r.t.Helper()
	r.must(r.e.Send("alice", raw))
	r.e.Run(0)
}

// take returns and forgets what the server sent.
func (r *tokenRig) take() []string {
	o := r.out
	r.out = nil
	return o
}

// last returns the last thing the server sent.
func (r *tokenRig) last() string {
	r.t.Helper()
	o := r.take()
	if len(o) == 0 {
		r.t.Fatal("the server sent nothing")
	}
	return o[len(o)-1]
}

// tokenFor has alice, bound as laptop, ask for a token pinning resource.
func (r *tokenRig) tokenFor(resource string) string {
	r.t.Helper()
	r.do("connect", "open", "auth", "open", "bind")
	r.take()
	r.send(`<iq type='set' id='t1'><request xmlns='urn:sessionscope:token:0' resource='` + resource + `'/></iq>`)
	tok := r.e.Client("alice").Token()
	if tok == "" {
		r.t.Fatal("no token issued")
	}
	r.do("close")
	r.take()
	return tok
}

// authWith sends an OAUTHBEARER initial response on a fresh, open stream.
func (r *tokenRig) authWith(msg string) string {
	r.t.Helper()
	if s := r.e.Client("alice").State(); s != client.Open {
		r.do("connect", "open")
	}
	r.take()
	r.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='OAUTHBEARER'>` +
		base64.StdEncoding.EncodeToString([]byte(msg)) + `</auth>`)
	return r.last()
}

func bearer(authzid, tok string) string {
	return "n,a=" + authzid + ",\x01auth=Bearer " + tok + "\x01\x01"
}

var tokenReplyRe = regexp.MustCompile(`^<iq type='result' id='token2' to='alice@localhost/laptop'><token xmlns='urn:sessionscope:token:0' expires='2026-01-01T01:00:00Z' jti='[0-9a-f-]{36}'>(v4\.public\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)</token></iq>$`)

func TestTokenLoginEndToEnd(t *testing.T) {
	r := newTokenRig(t)
	r.do("connect", "open")
	if got := r.take(); len(got) != 2 || got[1] != tokenFeatures {
		t.Fatalf("features = %q, want OAUTHBEARER offered after PLAIN and SCRAM-SHA-1", got)
	}
	r.do("auth", "open", "bind", client.ActToken)
	l := r.last()
	m := tokenReplyRe.FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("token reply %s does not match %s", l, tokenReplyRe)
	}
	tok := m[1]
	got, err := r.e.Tokens().Verifier("localhost").Verify(tok, r.e.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := got.Claims
	if c.Issuer != "localhost" || c.Subject != "alice@localhost" || c.Audience != "xmpp:localhost" ||
		!c.IssuedAt.Equal(r.e.Now()) || !c.NotBefore.Equal(r.e.Now()) || !c.Expiration.Equal(r.e.Now().Add(time.Hour)) ||
		got.Extras.Resource != "laptop" || !got.HasHat(moderator) {
		t.Fatalf("claims = %+v %+v", c, got.Extras)
	}

	// A new connection logs in with the token and asks for another
	// resource: the token's pinned one wins, as sasl_resource does.
	r.do("close", "connect", "open", client.ActAuthToken)
	if l := r.last(); l != success {
		t.Fatalf("OAUTHBEARER answer = %q, want %q", l, success)
	}
	r.do("open")
	r.send(`<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone</resource></bind></iq>`)
	if want := `<iq type='result' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/laptop</jid></bind></iq>`; r.last() != want {
		t.Fatalf("bind did not pin the token's resource")
	}
	snap := boundSession(t, r.e)
	if snap.AuthMech != "OAUTHBEARER" || snap.Field("full_jid").Text != "alice@localhost/laptop" {
		t.Fatalf("session auth %q, full_jid %q", snap.AuthMech, snap.Field("full_jid").Text)
	}
	want := []session.TokenClaim{
		{Name: "iss", Value: "localhost"}, {Name: "sub", Value: "alice@localhost"}, {Name: "aud", Value: "xmpp:localhost"},
		{Name: "iat", Value: "2026-01-01T00:00:00Z"}, {Name: "nbf", Value: "2026-01-01T00:00:00Z"},
		{Name: "exp", Value: "2026-01-01T01:00:00Z"}, {Name: "jti", Value: c.ID},
		{Name: "resource", Value: "laptop"}, {Name: "hats", Value: moderator},
	}
	if !equalClaims(snap.Token, want) {
		t.Fatalf("session token claims = %+v, want %+v", snap.Token, want)
	}
}

func TestTokenRequestPinsRequestedResource(t *testing.T) {
	r := newTokenRig(t)
	tok := r.tokenFor("phone")
	if l := r.authWith(bearer("alice@localhost", tok)); l != success {
		t.Fatalf("answer = %q", l)
	}
	r.do("open", "bind")
	if snap := boundSession(t, r.e); snap.Field("resource").Text != "phone" {
		t.Fatalf("resource = %q, want the pinned phone over the requested laptop", snap.Field("resource").Text)
	}
}

func TestTokenRequestErrors(t *testing.T) {
	r := newTokenRig(t)
	r.do("connect", "open", "auth", "open", "bind")
	for _, tc := range []struct{ name, send, want string }{
		{"get", `<iq type='get' id='g'><request xmlns='urn:sessionscope:token:0'/></iq>`,
			`<iq type='error' id='g' to='alice@localhost/laptop'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>A token request is an iq of type set</text></error></iq>`},
		{"other element", `<iq type='set' id='o'><revoke xmlns='urn:sessionscope:token:0'/></iq>`,
			`<iq type='error' id='o' to='alice@localhost/laptop'><error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`},
		{"bad resource", `<iq type='set' id='r'><request xmlns='urn:sessionscope:token:0' resource=''/></iq>`,
			`<iq type='error' id='r' to='alice@localhost/laptop'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Invalid resource</text></error></iq>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.take()
			r.send(tc.send)
			if got := r.last(); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func boundSession(t *testing.T, e *engine.Engine) session.Snapshot {
	t.Helper()
	for _, s := range e.Sessions() {
		if s.State == session.StateBound {
			return s
		}
	}
	t.Fatal("no bound session")
	return session.Snapshot{}
}

func equalClaims(a, b []session.TokenClaim) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func failure(cond, text string) string {
	if text == "" {
		return saslFail + "<" + cond + "/></failure>"
	}
	return saslFail + "<" + cond + "/><text>" + text + "</text></failure>"
}

// flip changes one base64url character of the token's body.
func flip(tok string, at int) string {
	b := []byte(tok)
	if b[at] == 'A' {
		b[at] = 'B'
	} else {
		b[at] = 'A'
	}
	return string(b)
}

func TestTokenLoginFailures(t *testing.T) {
	other, err := paseto.NewSecretKeyFromSeed(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	claims := func(iss string, nbf time.Time) paseto.Claims {
		return paseto.Claims{Issuer: iss, Subject: "alice@" + iss, Audience: "xmpp:localhost", ID: "x",
			IssuedAt: now, NotBefore: nbf, Expiration: now.Add(time.Hour)}
	}
	for _, tc := range []struct {
		name string
		msg  func(r *tokenRig) string
		want string
	}{
		{"expired", func(r *tokenRig) string {
			tok := r.tokenFor("laptop")
			r.e.Advance(time.Hour + time.Second)
			return bearer("alice@localhost", tok)
		}, failure("not-authorized", "Token rejected (expired): token expired at 2026-01-01T01:00:00Z")},
		{"not yet valid", func(r *tokenRig) string {
			tok, err := r.e.Tokens().Sign("localhost", claims("localhost", now.Add(10*time.Minute)))
			r.must(err)
			return bearer("alice@localhost", tok)
		}, failure("not-authorized", "Token rejected (not-yet-valid): token is not valid before 2026-01-01T00:10:00Z")},
		{"tampered byte", func(r *tokenRig) string {
			return bearer("alice@localhost", flip(r.tokenFor("laptop"), len(paseto.Header)+20))
		}, failure("not-authorized", "Token rejected (signature): signature does not verify")},
		{"other key", func(r *tokenRig) string {
			payload, err := claims("localhost", now).MarshalJSON()
			r.must(err)
			tok, err := paseto.Sign(other, payload, token.Footer(r.e.Tokens().PublicKey("localhost")), nil)
			r.must(err)
			return bearer("alice@localhost", tok)
		}, failure("not-authorized", "Token rejected (signature): signature does not verify")},
		{"other host's key", func(r *tokenRig) string {
			tok, _, err := r.e.Tokens().Issue("example.org", token.Request{Username: "alice"})
			r.must(err)
			return bearer("alice@example.org", tok)
		}, failure("not-authorized", "Token rejected (footer): footer does not match the expected footer")},
		{"other issuer", func(r *tokenRig) string {
			tok, err := r.e.Tokens().Sign("localhost", claims("example.org", now))
			r.must(err)
			return bearer("alice@localhost", tok)
		}, failure("not-authorized", `Token rejected (issuer): claim &quot;iss&quot; does not match the expected value`)},
		{"subject and authzid disagree", func(r *tokenRig) string {
			return bearer("bob@localhost", r.tokenFor("laptop"))
		}, failure("not-authorized", "Authorization identity does not match the token&apos;s subject")},
		{"no account", func(r *tokenRig) string {
			c := claims("localhost", now)
			c.Subject = "carol@localhost"
			tok, err := r.e.Tokens().Sign("localhost", c)
			r.must(err)
			return bearer("", tok)
		}, failure("not-authorized", "The token&apos;s subject has no account")},
		{"malformed GS2 header", func(r *tokenRig) string {
			return "y,,\x01auth=Bearer " + r.tokenFor("laptop") + "\x01\x01"
		}, failure("malformed-request", "")},
		{"no auth pair", func(*tokenRig) string { return "n,,\x01host=localhost\x01\x01" }, failure("malformed-request", "")},
		{"not a bearer", func(*tokenRig) string { return "n,,\x01auth=Basic abc\x01\x01" }, failure("not-authorized", "No bearer token in the auth pair")},
		{"client error acknowledgement", func(*tokenRig) string { return "\x01" }, failure("not-authorized", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTokenRig(t, "localhost", "example.org")
			if got := r.authWith(tc.msg(r)); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
			for _, s := range r.e.Sessions() {
				if s.State != session.StateDestroyed && (s.AuthMech != "" || s.Token != nil) {
					t.Fatalf("a failed login left auth %q and claims %v", s.AuthMech, s.Token)
				}
			}
			r.do("auth")
			if l := r.last(); l != success {
				t.Fatalf("PLAIN after the failure = %q", l)
			}
		})
	}
}

// TestOAUTHBEARERWithoutService: Prosody 13 offers OAUTHBEARER by default
// (mod_tokenauth's handler, knowing no token); so does the engine without
// the token service, which then answers as Prosody's does (see
// sim/server/testdata/c2s/19-oauthbearer.txt).
func TestOAUTHBEARERWithoutService(t *testing.T) {
	e := newEngine(t)
	if e.Tokens() != nil {
		t.Fatal("token service installed without configuration")
	}
	if got := strings.Join(e.Server().Config().Mechanisms, " "); got != "PLAIN SCRAM-SHA-1 "+token.Mechanism {
		t.Fatalf("mechanisms = %q, want Prosody 13's PLAIN SCRAM-SHA-1 OAUTHBEARER", got)
	}
}

func TestTimelineEnableTokens(t *testing.T) {
	tl := newTimeline(t)
	if tl.Engine().Tokens() != nil {
		t.Fatal("tokens installed by default")
	}
	if err := tl.Apply(engine.Input{Op: engine.OpAccount, User: "alice", Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	if err := tl.EnableTokens(token.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	e := tl.Engine()
	if e.Tokens() == nil || !e.HasAccount("alice") {
		t.Fatalf("after EnableTokens: tokens %v, alice %v", e.Tokens() != nil, e.HasAccount("alice"))
	}
	if err := tl.Back(1); err != nil {
		t.Fatal(err)
	}
	if tl.Engine().Tokens() == nil {
		t.Fatal("going back dropped the token service")
	}
}

func TestTokenRunReplaysExactly(t *testing.T) {
	r := newTokenRig(t)
	var first engine.Transcript
	r.e.Subscribe(first.Observe)
	tok := r.tokenFor("phone")
	r.authWith(bearer("alice@localhost", tok))
	r.do("open", "bind")
	var second engine.Transcript
	again, err := engine.Replay(r.e.Config(), r.e.Inputs(), second.Observe)
	if err != nil {
		t.Fatal(err)
	}
	// first was subscribed after the account and client were added.
	if !strings.HasSuffix(second.String(), first.String()) || len(first.String()) < 1000 {
		t.Fatal("a token run does not replay to the same transcript")
	}
	if again.Client("alice").Token() != tok {
		t.Fatal("the replayed run issued a different token")
	}
	if !strings.Contains(first.String(), "OAUTHBEARER") {
		t.Fatal("transcript lacks the token login")
	}
}

// TestTimelineClientsForget: a timeline's clients keep none of the
// stanzas they receive (client.Forget), unlike a plain engine's, yet act
// alike: the same state, JID and token, and a token login works.
func TestTimelineClientsForget(t *testing.T) {
	tl := newTimeline(t)
	if err := tl.EnableTokens(token.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	r := tlRun{t, tl, ""}
	r.login("alice")
	for _, a := range []string{client.ActToken, "close", "connect", "open", client.ActAuthToken, "open", "bind"} {
		r.apply(engine.Input{Op: engine.OpAct, Name: "alice", Action: a})
		r.settle()
	}
	c := tl.Engine().Client("alice")
	plain, err := engine.Replay(tl.Scenario().Config, tl.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	p := plain.Client("alice")
	if len(c.Received()) != 0 || len(p.Received()) < 9 {
		t.Errorf("the timeline's client kept %d stanzas, the plain engine's %d; want none and all", len(c.Received()), len(p.Received()))
	}
	if c.State() != client.Bound || c.State() != p.State() || c.JID() != p.JID() || c.Token() == "" || c.Token() != p.Token() {
		t.Errorf("timeline's client %s %s token %q; plain engine's %s %s token %q", c.State(), c.JID(), c.Token(), p.State(), p.JID(), p.Token())
	}
	if s := boundSession(t, tl.Engine()); s.AuthMech != "OAUTHBEARER" {
		t.Errorf("the second login used %q, want the token (OAUTHBEARER)", s.AuthMech)
	}
}
