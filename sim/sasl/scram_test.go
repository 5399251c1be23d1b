package sasl_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/xdg-go/scram"
)

const serverNonce = "0b7e5a9c-1d2f-4e3a-8b6c-9d0e1f2a3b4c"

func fixedNonce() string { return serverNonce }

// conversation runs a full exchange between xdg-go/scram's client and our
// server and returns the server's final Result and the client's verdict.
func conversation(t *testing.T, mech string, hash scram.HashGeneratorFcn, user, pass string, cfg sasl.Config) (sasl.Result, bool) {
	t.Helper()
	client, err := hash.NewClient(user, pass, "")
	if err != nil {
		t.Fatal(err)
	}
	conv := client.WithNonceGenerator(func() string { return "cnonce123" }).NewConversation()
	return converse(t, conv, mustNew(t, mech, cfg))
}

// converse drives conv against m until the server is done.
func converse(t *testing.T, conv *scram.ClientConversation, m sasl.Mechanism) (sasl.Result, bool) {
	t.Helper()
	msg, err := conv.Step("")
	if err != nil {
		t.Fatal(err)
	}
	r := m.Step([]byte(msg), true)
	for !r.Done {
		if msg, err = conv.Step(string(r.Challenge)); err != nil {
			t.Fatalf("client rejected challenge %q: %v", r.Challenge, err)
		}
		r = m.Step([]byte(msg), true)
	}
	if !r.Success {
		return r, false
	}
	_, err = conv.Step(string(r.Data))
	return r, err == nil && conv.Valid()
}

func TestSCRAMWithXdgClient(t *testing.T) {
	const bad = "The response provided by the client doesn't match the one we calculated."
	for name, tc := range map[string]struct {
		mech       string
		hash       scram.HashGeneratorFcn
		user, pass string
		wantUser   string
	}{
		"SHA-1 success":          {"SCRAM-SHA-1", scram.SHA1, "romeo", "secret", "romeo"},
		"SHA-256 success":        {"SCRAM-SHA-256", scram.SHA256, "juliet", "secret", "juliet"},
		"SHA-1 case folded":      {"SCRAM-SHA-1", scram.SHA1, "Romeo", "secret", "romeo"},
		"SHA-1 escaped username": {"SCRAM-SHA-1", scram.SHA1, "a,b", "pw", "a,b"},
		"SHA-1 wrong password":   {"SCRAM-SHA-1", scram.SHA1, "romeo", "wrong", ""},
		"SHA-256 wrong password": {"SCRAM-SHA-256", scram.SHA256, "juliet", "wrong", ""},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := sasl.Config{Accounts: fixture(t), Nonce: fixedNonce}
			r, valid := conversation(t, tc.mech, tc.hash, tc.user, tc.pass, cfg)
			if tc.wantUser == "" {
				checkFailure(t, r, "not-authorized", bad)
				return
			}
			if !r.Success || r.Username != tc.wantUser || !valid {
				t.Errorf("got %+v (client valid %v), want success as %q", r, valid, tc.wantUser)
			}
		})
	}
}

func TestSCRAMChallengeNonce(t *testing.T) {
	m := mustNew(t, "SCRAM-SHA-1", sasl.Config{Accounts: fixture(t), Nonce: fixedNonce})
	r := m.Step([]byte("n,,n=romeo,r=abc"), true)
	want := "r=abc" + serverNonce + ",s=" + base64.StdEncoding.EncodeToString([]byte("salt-romeo")) + ",i=4096"
	if r.Done || string(r.Challenge) != want {
		t.Errorf("got %+v, want challenge %q", r, want)
	}
}

// rfcVector is a published SCRAM example conversation.
type rfcVector struct {
	mech, salt, snonce, first, challenge, final, verifier string
}

func TestSCRAMRFCExamples(t *testing.T) {
	for name, v := range map[string]rfcVector{
		"RFC 5802 SHA-1": {"SCRAM-SHA-1", "QSXCR+Q6sek8bf92", "3rfcNHYJY1ZVvWVs7j",
			"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
			"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
			"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
			"v=rmF9pqV8S7suAoZWja4dJRkFsKQ="},
		"RFC 7677 SHA-256": {"SCRAM-SHA-256", "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
			"n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
			"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
			"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
			"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="},
	} {
		t.Run(name, func(t *testing.T) {
			salt, _ := base64.StdEncoding.DecodeString(v.salt)
			creds, err := sasl.NewCredentials("pencil", salt, 4096)
			if err != nil {
				t.Fatal(err)
			}
			acc := &accounts{users: map[string]account{"user": {creds: creds}}}
			m := mustNew(t, v.mech, sasl.Config{Accounts: acc, Nonce: func() string { return v.snonce }})
			if r := m.Step([]byte(v.first), true); string(r.Challenge) != v.challenge {
				t.Fatalf("challenge %q, want %q", r.Challenge, v.challenge)
			}
			r := m.Step([]byte(v.final), true)
			if !r.Success || string(r.Data) != v.verifier || r.Username != "user" {
				t.Errorf("got %+v (data %q), want success with %q", r, r.Data, v.verifier)
			}
		})
	}
}

// step is one client message and, for the last one, the expected failure.
type scramCase struct {
	first, final string // final "" means the first message must fail
	absentFinal  bool
	cb           map[string][]byte
	storeDown    bool
	cond, text   string
	challenge    bool // the first message must succeed and nothing more is sent
}

func TestSCRAMFailures(t *testing.T) {
	nonce := "abc" + serverNonce
	biws := "c=biws,r=" + nonce
	tlsCB := map[string][]byte{"tls-exporter": []byte("cbdata")}
	for name, tc := range map[string]scramCase{
		"absent first":            {first: "\x00absent", cond: "malformed-request"},
		"empty first":             {first: "", cond: "malformed-request"},
		"bad GS2 flag":            {first: "x,,n=romeo,r=abc", cond: "malformed-request"},
		"GS2 missing comma":       {first: "n,n=romeo,r=abc", cond: "malformed-request"},
		"missing r":               {first: "n,,n=romeo", cond: "malformed-request"},
		"missing n":               {first: "n,,r=abc", cond: "malformed-request"},
		"extension before n":      {first: "n,,x=1,n=romeo,r=abc", challenge: true},
		"y without cb support":    {first: "y,,n=romeo,r=abc", challenge: true},
		"y with cb support":       {first: "y,,n=romeo,r=abc", cb: tlsCB, cond: "malformed-request"},
		"unsupported cb type":     {first: "p=tls-unique,,n=romeo,r=abc", cb: tlsCB, cond: "malformed-request", text: "Proposed channel binding type isn't supported."},
		"p without cb support":    {first: "p=tls-unique,,n=romeo,r=abc", final: "c=" + b64("p=tls-unique,,x") + ",r=" + nonce + ",p=AAAA", cond: "malformed-request", text: "Invalid channel binding value."},
		"bad escape":              {first: "n,,n=ro=2cmeo,r=abc", cond: "malformed-request", text: "Invalid username."},
		"dangling escape":         {first: "n,,n=romeo=,r=abc", cond: "malformed-request", text: "Invalid username."},
		"username fails nodeprep": {first: "n,,n=rom eo,r=abc", cond: "malformed-request", text: "Invalid username."},
		"empty username":          {first: "n,,n=,r=abc", cond: "malformed-request", text: "Invalid username."},
		"username NUL":            {first: "n,,n=ro\x00meo,r=abc", cond: "malformed-request", text: "Invalid username."},
		"escaped unknown user":    {first: "n,,n=ro=3Dmeo,r=abc", cond: "not-authorized"},
		"unknown user":            {first: "n,,n=tybalt,r=abc", cond: "not-authorized"},
		"disabled user":           {first: "n,,n=nurse,r=abc", cond: "account-disabled"},
		"storage error":           {first: "n,,n=romeo,r=abc", storeDown: true, cond: "temporary-auth-failure"},
		"absent final":            {first: "n,,n=romeo,r=abc", absentFinal: true, cond: "malformed-request"},
		"empty final":             {first: "n,,n=romeo,r=abc", final: "\x00empty", cond: "malformed-request"},
		"missing p":               {first: "n,,n=romeo,r=abc", final: biws, cond: "malformed-request", text: "Missing an attribute(p, r or c) in SASL message."},
		"missing c":               {first: "n,,n=romeo,r=abc", final: "r=" + nonce + ",p=AAAA", cond: "malformed-request", text: "Missing an attribute(p, r or c) in SASL message."},
		"wrong cb data":           {first: "n,,n=romeo,r=abc", final: "c=eSws,r=" + nonce + ",p=AAAA", cond: "malformed-request", text: "Invalid channel binding value."},
		"cb not base64":           {first: "n,,n=romeo,r=abc", final: "c=!!!!,r=" + nonce + ",p=AAAA", cond: "malformed-request", text: "Invalid channel binding value."},
		"wrong nonce":             {first: "n,,n=romeo,r=abc", final: "c=biws,r=abc,p=AAAA", cond: "malformed-request", text: "Wrong nonce in client-final-message."},
		"wrong proof":             {first: "n,,n=romeo,r=abc", final: biws + ",p=AAAA", cond: "not-authorized", text: "The response provided by the client doesn't match the one we calculated."},
		"empty proof":             {first: "n,,n=romeo,r=abc", final: biws + ",p=", cond: "not-authorized", text: "The response provided by the client doesn't match the one we calculated."},
		"proof not base64":        {first: "n,,n=romeo,r=abc", final: biws + ",p=!!", cond: "temporary-auth-failure"},
	} {
		t.Run(name, func(t *testing.T) { runSCRAMCase(t, tc) })
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// runSCRAMCase plays a scramCase against SCRAM-SHA-1.
func runSCRAMCase(t *testing.T, tc scramCase) {
	acc := fixture(t)
	acc.fail = tc.storeDown
	m := mustNew(t, "SCRAM-SHA-1", sasl.Config{Accounts: acc, Nonce: fixedNonce, ChannelBindings: tc.cb})
	first, present := tc.first, true
	if strings.HasPrefix(first, "\x00absent") {
		first, present = "", false
	}
	r := m.Step([]byte(first), present)
	if tc.challenge {
		if r.Done || !strings.HasPrefix(string(r.Challenge), "r=abc"+serverNonce+",") {
			t.Errorf("got %+v, want a challenge", r)
		}
		return
	}
	if tc.final == "" && !tc.absentFinal {
		checkFailure(t, r, tc.cond, tc.text)
		return
	}
	if r.Done {
		t.Fatalf("first message failed: %+v", r)
	}
	final := strings.TrimPrefix(tc.final, "\x00empty")
	checkFailure(t, m.Step([]byte(final), !tc.absentFinal), tc.cond, tc.text)
	checkFailure(t, m.Step([]byte(final), true), "malformed-request", "")
}

func TestSCRAMChannelBinding(t *testing.T) {
	data := []byte("tls-unique-data")
	for name, tc := range map[string]struct {
		serverData []byte
		wantOK     bool
	}{
		"matching data":  {data, true},
		"different data": {[]byte("other"), false},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := sasl.Config{Accounts: fixture(t), Nonce: fixedNonce,
				ChannelBindings: map[string][]byte{"tls-unique": tc.serverData}}
			client, err := scram.SHA1.NewClient("romeo", "secret", "")
			if err != nil {
				t.Fatal(err)
			}
			conv := client.NewConversationWithChannelBinding(scram.NewTLSUniqueBinding(data))
			r, valid := converse(t, conv, mustNew(t, "SCRAM-SHA-1", cfg))
			if tc.wantOK != (r.Success && valid) {
				t.Errorf("got %+v (client valid %v), want success %v", r, valid, tc.wantOK)
			}
			if !tc.wantOK {
				checkFailure(t, r, "malformed-request", "Invalid channel binding value.")
			}
		})
	}
}
