package token

import "testing"

func TestParseInitial(t *testing.T) {
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
		{"value stops at a control character", "n,,\x01auth=Bearer \x02t\x01\x01", "", "", false, false},
		{"channel binding flag y", "y,,\x01auth=Bearer t\x01\x01", "", "", false, false},
		{"channel binding p", "p=tls-unique,,\x01auth=Bearer t\x01\x01", "", "", false, false},
		{"header only", "n,,", "", "", false, false},
		{"no second comma", "n,a=x", "", "", false, false},
		{"no auth pair", "n,,\x01host=h\x01\x01", "", "", false, false},
		{"unterminated pair", "n,,\x01auth=Bearer t", "", "", false, false},
		{"empty", "", "", "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authzid, has, auth, ok := parseInitial(tc.msg)
			if authzid != tc.authzid || has != tc.hasAuthzid || auth != tc.auth || ok != tc.okay {
				t.Fatalf("parseInitial = %q %v %q %v, want %q %v %q %v", authzid, has, auth, ok,
					tc.authzid, tc.hasAuthzid, tc.auth, tc.okay)
			}
		})
	}
}

func FuzzParseInitial(f *testing.F) {
	f.Add("n,a=user@example.com,\x01auth=Bearer t\x01\x01")
	f.Add("n,,\x01x=\x01auth=\x01")
	f.Fuzz(func(t *testing.T, msg string) {
		authzid, _, auth, ok := parseInitial(msg)
		if !ok && (authzid != "" || auth != "") {
			t.Fatal("values returned with a failure")
		}
	})
}
