package sasl_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

func TestParseOAuthBearer(t *testing.T) {
	for _, tc := range []struct {
		name, msg        string
		authzid, auth    string
		hasAuthzid, okay bool
	}{
		{"RFC 7628 example", "n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==\x01\x01",
			"user@example.com", "Bearer vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg==", true, true},
		{"no authzid", "n,,\x01auth=Bearer t\x01\x01", "", "Bearer t", false, true},
		{"empty authzid", "n,a=,\x01auth=Bearer t\x01\x01", "", "Bearer t", true, true},
		{"first auth pair wins", "n,,\x01auth=Bearer one\x01auth=Bearer two\x01\x01", "", "Bearer one", false, true},
		{"unanchored like gmatch", "n,,\x01x!auth=Bearer t\x01\x01", "", "Bearer t", false, true},
		{"auth without Bearer is still a pair", "n,,\x01auth=foo\x01\x01", "", "foo", false, true},
		{"value stops at a control character", "n,,\x01auth=Bearer \x02t\x01\x01", "", "", false, false},
		{"no \\x01 after the GS2 header", "n,,auth=Bearer foo\x01\x01", "", "", false, false},
		{"no closing \\x01", "n,,\x01auth=Bearer t\x01", "", "", false, false},
		{"nothing between the framing bytes", "n,,\x01\x01", "", "", false, false},
		{"channel binding flag y", "y,,\x01auth=Bearer t\x01\x01", "", "", false, false},
		{"channel binding p", "p=tls-unique,,\x01auth=Bearer t\x01\x01", "", "", false, false},
		{"header only", "n,,", "", "", false, false},
		{"no second comma", "n,a=x", "", "", false, false},
		{"no auth pair", "n,,\x01host=h\x01\x01", "", "", false, false},
		{"unterminated pair", "n,,\x01auth=Bearer t", "", "", false, false},
		{"empty", "", "", "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authzid, has, auth, ok := sasl.ParseOAuthBearer(tc.msg)
			if authzid != tc.authzid || has != tc.hasAuthzid || auth != tc.auth || ok != tc.okay {
				t.Fatalf("ParseOAuthBearer = %q %v %q %v, want %q %v %q %v", authzid, has, auth, ok,
					tc.authzid, tc.hasAuthzid, tc.auth, tc.okay)
			}
		})
	}
}

// TestOAUTHBEARERWithoutProvider checks the answers Prosody 13.0.1 gave
// with no token provider configured (recorded from Prosody 13.0.1).
func TestOAUTHBEARERWithoutProvider(t *testing.T) {
	type step struct {
		msg       string
		absent    bool
		challenge string // when non-empty, the expected challenge
		cond      string
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"no body", []step{{absent: true, cond: "malformed-request"}}},
		{"empty body", []step{{msg: "", cond: "malformed-request"}}},
		{"acknowledgement first", []step{{msg: "\x01", cond: "not-authorized"}}},
		{"malformed", []step{{msg: "n,,\x01host=x\x01\x01", cond: "malformed-request"}}},
		{"token, then acknowledgement", []step{
			{msg: "n,,\x01auth=Bearer foo\x01\x01", challenge: sasl.TokenChallenge},
			{msg: "\x01", cond: "not-authorized"}}},
		{"empty token, then again, then nothing", []step{
			{msg: "n,a=alice@localhost,\x01auth=Bearer \x01\x01", challenge: sasl.TokenChallenge},
			{msg: "n,,\x01auth=Bearer foo\x01\x01", challenge: sasl.TokenChallenge},
			{absent: true, cond: "malformed-request"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := sasl.New("OAUTHBEARER", sasl.Config{})
			if !ok {
				t.Fatal("OAUTHBEARER not available")
			}
			for i, s := range tc.steps {
				r := m.Step([]byte(s.msg), !s.absent)
				if s.challenge != "" {
					if r.Done || string(r.Challenge) != s.challenge {
						t.Fatalf("step %d = %+v, want challenge %s", i, r, s.challenge)
					}
					continue
				}
				if !r.Done || r.Success || r.Condition != s.cond || r.Text != "" {
					t.Fatalf("step %d = %+v, want failure %s", i, r, s.cond)
				}
			}
		})
	}
}

func FuzzParseOAuthBearer(f *testing.F) {
	f.Add("n,a=user@example.com,\x01auth=Bearer t\x01\x01")
	f.Add("n,,\x01x=\x01auth=\x01")
	f.Fuzz(func(t *testing.T, msg string) {
		authzid, _, auth, ok := sasl.ParseOAuthBearer(msg)
		if !ok && (authzid != "" || auth != "") {
			t.Fatal("values returned with a failure")
		}
	})
}

// FuzzDecodeBase64: Prosody's lenient decoder never panics, agrees with
// strict base64 on well-formed input, and yields at most three bytes for
// every four characters.
func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{"", "=", "AGJvYgBib2JwYXNz", "AHJvbWVvAHNlY3JldA", "bi\n w s", "bg=biws", "!!", "biws\x00!!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := sasl.DecodeBase64(s)
		if !ok && got != nil {
			t.Fatalf("data %q returned with a failure", got)
		}
		if len(got) > len(s)*3/4 {
			t.Fatalf("%d bytes from %d characters", len(got), len(s))
		}
		if want, err := base64.StdEncoding.Strict().DecodeString(s); err == nil && !strings.ContainsAny(s, "\r\n") {
			if !ok || string(got) != string(want) {
				t.Fatalf("DecodeBase64(%q) = %q %v, want %q", s, got, ok, want)
			}
		}
	})
}
