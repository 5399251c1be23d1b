package paseto_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

var (
	t2030 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	t2031 = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
)

func TestParseClaims(t *testing.T) {
	c, err := paseto.ParseClaims([]byte(`{"iss":"prosody","sub":"romeo@montague.lit","aud":"xmpp",
		"jti":"j1","exp":"2031-01-01T01:00:00+01:00","nbf":"2030-01-01T00:00:00Z",
		"iat":"2030-01-01T00:00:00.5Z","role":["admin"]}`))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"iss", c.Issuer == "prosody"},
		{"sub", c.Subject == "romeo@montague.lit"},
		{"aud", c.Audience == "xmpp"},
		{"jti", c.ID == "j1"},
		{"exp-offset", c.Expiration.Equal(t2031) && c.Expiration.Location() == time.UTC},
		{"nbf", c.NotBefore.Equal(t2030)},
		{"iat-fraction", c.IssuedAt.Equal(t2030.Add(500 * time.Millisecond))},
		{"extra", len(c.Extra) == 1 && string(c.Extra["role"]) == `["admin"]`},
	}
	for _, k := range checks {
		t.Run(k.name, func(t *testing.T) {
			if !k.ok {
				t.Fatalf("%+v", c)
			}
		})
	}
}

func TestParseClaimsRejects(t *testing.T) {
	tests := []struct {
		name, payload string
		rule          paseto.Rule
	}{
		{"array", `[]`, paseto.RulePayloadJSON},
		{"null", `null`, paseto.RulePayloadJSON},
		{"duplicate", `{"sub":"a","sub":"b"}`, paseto.RuleDuplicateKey},
		{"duplicate-deep", `{"x":[[{"y":{"z":1,"z":2}}]]}`, paseto.RuleDuplicateKey},
		{"iss-number", `{"iss":1}`, paseto.RuleClaimType},
		{"aud-array", `{"aud":["a","b"]}`, paseto.RuleClaimType},
		{"sub-null", `{"sub":null}`, paseto.RuleClaimType},
		{"exp-unix", `{"exp":1700000000}`, paseto.RuleClaimType},
		{"exp-empty", `{"exp":""}`, paseto.RuleClaimType},
		{"nbf-lowercase-t", `{"nbf":"2030-01-01t00:00:00Z"}`, paseto.RuleClaimType},
		{"iat-space", `{"iat":"2030-01-01 00:00:00Z"}`, paseto.RuleClaimType},
		{"exp-no-zone", `{"exp":"2030-01-01T00:00:00"}`, paseto.RuleClaimType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paseto.ParseClaims([]byte(tc.payload))
			wantRule(t, err, tc.rule)
		})
	}
}

func TestClaimsMarshalDeterministic(t *testing.T) {
	c := paseto.Claims{
		Issuer: "i", Subject: "s", Audience: "a", ID: "j",
		Expiration: t2031.In(time.FixedZone("x", 3600)), NotBefore: t2030, IssuedAt: t2030.Add(time.Nanosecond),
		Extra: map[string]json.RawMessage{"zz": json.RawMessage(`1`), "aa": json.RawMessage(`{"b":true}`)},
	}
	want := `{"aa":{"b":true},"aud":"a","exp":"2031-01-01T00:00:00Z","iat":"2030-01-01T00:00:00Z",` +
		`"iss":"i","jti":"j","nbf":"2030-01-01T00:00:00Z","sub":"s","zz":1}`
	for i := range 20 {
		b, err := json.Marshal(c)
		if err != nil || string(b) != want {
			t.Fatalf("run %d: %s, %v", i, b, err)
		}
	}
	back, err := paseto.ParseClaims([]byte(want))
	if err != nil || back.Issuer != "i" || !back.Expiration.Equal(t2031) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	empty, _ := json.Marshal(paseto.Claims{})
	if string(empty) != `{}` {
		t.Fatalf("empty claims = %s", empty)
	}
}

func TestClaimsMarshalRejects(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]json.RawMessage
	}{
		{"reserved-name", map[string]json.RawMessage{"exp": json.RawMessage(`"x"`)}},
		{"invalid-json", map[string]json.RawMessage{"x": json.RawMessage(`{`)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paseto.Claims{Extra: tc.extra}.MarshalJSON()
			wantRule(t, err, paseto.RuleClaimType)
		})
	}
}

func TestValidator(t *testing.T) {
	c := paseto.Claims{Issuer: "iss", Subject: "sub", Audience: "aud", ID: "jti",
		IssuedAt: t2030, NotBefore: t2030.Add(time.Hour), Expiration: t2031}
	at := func(d time.Duration) paseto.Validator { return paseto.Validator{Now: t2030.Add(d)} }
	tests := []struct {
		name string
		v    paseto.Validator
		c    paseto.Claims
		rule paseto.Rule // "" means valid
	}{
		{"valid", at(2 * time.Hour), c, ""},
		{"at-nbf", at(time.Hour), c, ""},
		{"at-exp", paseto.Validator{Now: t2031}, c, ""},
		{"expired", paseto.Validator{Now: t2031.Add(time.Second)}, c, paseto.RuleExpired},
		{"expired-within-leeway", paseto.Validator{Now: t2031.Add(time.Second), Leeway: time.Minute}, c, ""},
		{"not-yet-valid", at(time.Hour - time.Second), c, paseto.RuleNotYetValid},
		{"issued-in-future", at(-time.Second), paseto.Claims{IssuedAt: t2030}, paseto.RuleIssuedInFuture},
		{"no-clock", paseto.Validator{}, c, paseto.RuleClock},
		{"exp-required", paseto.Validator{Now: t2030, RequireExpiration: true}, paseto.Claims{}, paseto.RuleExpired},
		{"issuer", paseto.Validator{Now: t2030.Add(2 * time.Hour), Issuer: "other"}, c, paseto.RuleIssuer},
		{"issuer-ok", paseto.Validator{Now: t2030.Add(2 * time.Hour), Issuer: "iss"}, c, ""},
		{"subject", paseto.Validator{Now: t2030.Add(2 * time.Hour), Subject: "other"}, c, paseto.RuleSubject},
		{"audience", paseto.Validator{Now: t2030.Add(2 * time.Hour), Audience: "other"}, c, paseto.RuleAudience},
		{"audience-absent", paseto.Validator{Now: t2030, Audience: "aud"}, paseto.Claims{}, paseto.RuleAudience},
		{"token-id", paseto.Validator{Now: t2030.Add(2 * time.Hour), ID: "other"}, c, paseto.RuleTokenID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.v.Validate(tc.c)
			if tc.rule == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantRule(t, err, tc.rule)
		})
	}
}

func TestVerifyClaims(t *testing.T) {
	sk, pk := keyFromByte(t, 13)
	payload, _ := json.Marshal(paseto.Claims{Subject: "juliet", NotBefore: t2030, Expiration: t2031})
	tok, _ := paseto.Sign(sk, payload, nil, nil)
	tests := []struct {
		name string
		now  time.Time
		rule paseto.Rule
	}{
		{"valid", t2030.Add(time.Hour), ""},
		{"expired", t2031.Add(time.Second), paseto.RuleExpired},
		{"not-yet-valid", t2030.Add(-time.Second), paseto.RuleNotYetValid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := paseto.VerifyClaims(pk, tok, nil, nil, paseto.Validator{Now: tc.now, Subject: "juliet"})
			if tc.rule != "" {
				wantRule(t, err, tc.rule)
				return
			}
			if err != nil || c.Subject != "juliet" {
				t.Fatalf("%+v %v", c, err)
			}
		})
	}
}

// TestOfficialVectorClaims: the vectors' exp (2022-01-01) is honoured by
// the validator at a fixed virtual time before and after it.
func TestOfficialVectorClaims(t *testing.T) {
	_, pk := vectorKeys(t)
	v := loadVectors(t)
	var s1 vector
	for _, x := range v {
		if x.Name == "4-S-1" {
			s1 = x
		}
	}
	tests := []struct {
		name string
		now  time.Time
		rule paseto.Rule
	}{
		{"before-exp", time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), ""},
		{"after-exp", time.Date(2022, 1, 1, 0, 0, 1, 0, time.UTC), paseto.RuleExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := paseto.VerifyClaims(pk, s1.Token, nil, nil, paseto.Validator{Now: tc.now})
			if tc.rule != "" {
				wantRule(t, err, tc.rule)
				return
			}
			if err != nil || string(c.Extra["data"]) != `"this is a signed message"` {
				t.Fatalf("%+v %v", c, err)
			}
		})
	}
}
