package sasl_test

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

func TestPLAIN(t *testing.T) {
	const unauth = "Unable to authorize you with the authentication credentials you've sent."
	const invalid = "Invalid username or password."
	for name, tc := range map[string]struct {
		msg       string
		absent    bool
		insecure  bool
		storeDown bool
		user      string // success when non-empty
		cond      string
		text      string
	}{
		"success":                   {msg: "\x00romeo\x00secret", user: "romeo"},
		"authzid ignored":           {msg: "juliet\x00romeo\x00secret", user: "romeo"},
		"authcid case folded":       {msg: "\x00Romeo\x00secret", user: "romeo"},
		"data after password":       {msg: "\x00romeo\x00secret\x00junk", user: "romeo"},
		"password nbsp is space":    {msg: "\x00spacey\x00a\u00a0b", user: "spacey"},
		"soft hyphen mapped away":   {msg: "\x00ro\u00admeo\x00secret", user: "romeo"},
		"wrong password":            {msg: "\x00romeo\x00wrong", cond: "not-authorized", text: unauth},
		"unknown user":              {msg: "\x00tybalt\x00secret", cond: "not-authorized", text: unauth},
		"disabled right password":   {msg: "\x00nurse\x00secret", cond: "account-disabled"},
		"disabled wrong password":   {msg: "\x00nurse\x00wrong", cond: "account-disabled"},
		"absent body":               {absent: true, cond: "malformed-request"},
		"empty body":                {msg: "", cond: "malformed-request"},
		"empty authcid":             {msg: "\x00\x00secret", cond: "malformed-request"},
		"empty password":            {msg: "\x00romeo\x00", cond: "malformed-request"},
		"no NUL":                    {msg: "romeo", cond: "malformed-request"},
		"one NUL":                   {msg: "romeo\x00secret", cond: "malformed-request"},
		"authcid fails nodeprep":    {msg: "\x00rom eo\x00secret", cond: "malformed-request", text: invalid},
		"authcid with @":            {msg: "\x00romeo@localhost\x00secret", cond: "malformed-request", text: invalid},
		"authcid fails saslprep":    {msg: "\x00ro\x07meo\x00secret", cond: "malformed-request", text: invalid},
		"authcid prepped empty":     {msg: "\x00\u00ad\x00secret", cond: "malformed-request", text: invalid},
		"password fails saslprep":   {msg: "\x00romeo\x00sec\x07ret", cond: "malformed-request", text: invalid},
		"password invalid UTF-8":    {msg: "\x00romeo\x00\xff", cond: "malformed-request", text: invalid},
		"storage error":             {msg: "\x00romeo\x00secret", storeDown: true, cond: "temporary-auth-failure"},
		"insecure any password":     {msg: "\x00tybalt\x00anything", insecure: true, user: "tybalt"},
		"insecure disabled ignored": {msg: "\x00nurse\x00wrong", insecure: true, user: "nurse"},
		"insecure still nodepreps":  {msg: "\x00ty balt\x00x", insecure: true, cond: "malformed-request", text: invalid},
	} {
		t.Run(name, func(t *testing.T) {
			acc := fixture(t)
			acc.fail = tc.storeDown
			m := mustNew(t, "PLAIN", sasl.Config{Accounts: acc, Insecure: tc.insecure})
			r := m.Step([]byte(tc.msg), !tc.absent)
			if tc.user == "" {
				checkFailure(t, r, tc.cond, tc.text)
				return
			}
			if !r.Done || !r.Success || r.Username != tc.user || r.Data != nil || r.Condition != "" {
				t.Errorf("got %+v, want success as %q", r, tc.user)
			}
		})
	}
}

func TestPLAINStepAfterDone(t *testing.T) {
	m := mustNew(t, "PLAIN", sasl.Config{Accounts: fixture(t)})
	if r := m.Step([]byte("\x00romeo\x00secret"), true); !r.Success {
		t.Fatalf("first step: %+v", r)
	}
	checkFailure(t, m.Step([]byte("\x00romeo\x00secret"), true), "malformed-request", "")
}

func TestNames(t *testing.T) {
	for name, tc := range map[string]struct {
		got  []string
		want string
	}{
		"names":      {sasl.Names(), "PLAIN SCRAM-SHA-1 SCRAM-SHA-256 OAUTHBEARER"},
		"advertised": {sasl.Advertised(sasl.Config{}), "PLAIN SCRAM-SHA-1 SCRAM-SHA-256 OAUTHBEARER"},
		"advertised with tls-exporter": {sasl.Advertised(sasl.Config{ChannelBindings: map[string][]byte{"tls-exporter": {1}}}),
			"PLAIN SCRAM-SHA-1 SCRAM-SHA-1-PLUS SCRAM-SHA-256 SCRAM-SHA-256-PLUS OAUTHBEARER"},
		"advertised with tls-unique": {sasl.Advertised(sasl.Config{ChannelBindings: map[string][]byte{"tls-unique": {1}}}),
			"PLAIN SCRAM-SHA-1 SCRAM-SHA-1-PLUS SCRAM-SHA-256 SCRAM-SHA-256-PLUS OAUTHBEARER"},
		"tls-server-end-point alone offers no -PLUS": {sasl.Advertised(sasl.Config{ChannelBindings: map[string][]byte{"tls-server-end-point": {1}}}),
			"PLAIN SCRAM-SHA-1 SCRAM-SHA-256 OAUTHBEARER"},
		"advertised insecure": {sasl.Advertised(sasl.Config{Insecure: true}), "PLAIN"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := join(tc.got); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}

func TestNew(t *testing.T) {
	for name, tc := range map[string]struct {
		mech     string
		insecure bool
		ok       bool
	}{
		"PLAIN":                  {"PLAIN", false, true},
		"SCRAM-SHA-1":            {"SCRAM-SHA-1", false, true},
		"SCRAM-SHA-256":          {"SCRAM-SHA-256", false, true},
		"DIGEST-MD5":             {"DIGEST-MD5", false, false},
		"lower case":             {"plain", false, false},
		"PLUS variant":           {"SCRAM-SHA-1-PLUS", false, true},
		"PLUS variant 256":       {"SCRAM-SHA-256-PLUS", false, true},
		"OAUTHBEARER":            {"OAUTHBEARER", false, true},
		"insecure OAUTHBEARER":   {"OAUTHBEARER", true, false},
		"insecure PLUS":          {"SCRAM-SHA-1-PLUS", true, false},
		"insecure PLAIN":         {"PLAIN", true, true},
		"insecure SCRAM-SHA-1":   {"SCRAM-SHA-1", true, false},
		"insecure SCRAM-SHA-256": {"SCRAM-SHA-256", true, false},
	} {
		t.Run(name, func(t *testing.T) {
			m, ok := sasl.New(tc.mech, sasl.Config{Insecure: tc.insecure})
			if ok != tc.ok || (ok && m.Name() != tc.mech) {
				t.Errorf("New(%q) = %v, %v", tc.mech, m, ok)
			}
		})
	}
}
