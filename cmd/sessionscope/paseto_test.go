package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// The official PASETO vector 4-S-3 (ISC licence; sim/paseto/testdata).
const (
	v43Secret    = "b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a37741eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"
	v43Payload   = `{"data":"this is a signed message","exp":"2022-01-01T00:00:00+00:00"}`
	v43Footer    = `{"kid":"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN"}`
	v43Assertion = `{"test-vector":"4-S-3"}`
	v43Token     = "v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9NPWciuD3d0o5eXJXG5pJy-DiVEoyPYWs1YSTwWHNJq6DZD3je5gf-0M4JR9ipdUSJbIovzmBECeaWmaqcaP0DQ.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func vectorKeys(t *testing.T) (secret, public string) {
	t.Helper()
	raw, err := hex.DecodeString(v43Secret)
	if err != nil {
		t.Fatal(err)
	}
	sk, err := paseto.NewSecretKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return sk.PASERK(), sk.Public().PASERK()
}

func TestPasetoSignReproducesVector(t *testing.T) {
	secret, public := vectorKeys(t)
	code, out, errs := runCLI(t, "paseto", "sign", "-key", secret, "-claims", v43Payload, "-footer", v43Footer, "-assertion", v43Assertion)
	if code != 0 || out != v43Token+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = runCLI(t, "paseto", "verify", "-key", public, "-footer", v43Footer, "-assertion", v43Assertion,
		"-now", "2021-12-31T23:59:59Z", v43Token)
	if code != 0 || out != v43Payload+"\n" {
		t.Fatalf("verify: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestPasetoKeygenSignVerify(t *testing.T) {
	code, out, errs := runCLI(t, "paseto", "keygen")
	if code != 0 {
		t.Fatalf("keygen: exit %d, %s", code, errs)
	}
	var kf keyFile
	if err := json.Unmarshal([]byte(out), &kf); err != nil {
		t.Fatalf("keygen output %q: %v", out, err)
	}
	sk, err := paseto.ParseSecretKey(kf.Secret)
	if err != nil || sk.Public().PASERK() != kf.Public || sk.Public().ID() != kf.ID {
		t.Fatalf("keygen gave an inconsistent pair: %+v (%v)", kf, err)
	}
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "key.json")
	if err := os.WriteFile(keyPath, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	claims := `{"iss":"localhost","sub":"alice@localhost","exp":"2026-01-01T01:00:00Z","nbf":"2026-01-01T00:00:00Z"}`
	code, tok, errs := runCLI(t, "paseto", "sign", "-key", "@"+keyPath, "-claims", claims, "-footer", `{"kid":"`+kf.ID+`"}`)
	if code != 0 {
		t.Fatalf("sign: exit %d, %s", code, errs)
	}
	tok = strings.TrimSpace(tok)
	base := []string{"paseto", "verify", "-key", "@" + keyPath}
	for _, tc := range []struct {
		name   string
		args   []string
		token  string
		code   int
		stderr string
	}{
		{"valid", []string{"-now", "2026-01-01T00:30:00Z", "-iss", "localhost", "-sub", "alice@localhost"}, tok, 0, ""},
		{"public PASERK directly", []string{"-key", kf.Public, "-now", "2026-01-01T00:30:00Z"}, tok, 0, ""},
		{"expired", []string{"-now", "2026-01-01T01:00:01Z"}, tok, 1, "rule expired: token expired at 2026-01-01T01:00:00Z"},
		{"not yet valid", []string{"-now", "2025-12-31T23:59:59Z"}, tok, 1, "rule not-yet-valid:"},
		{"wrong issuer", []string{"-now", "2026-01-01T00:30:00Z", "-iss", "example.org"}, tok, 1, "rule issuer:"},
		{"wrong footer", []string{"-now", "2026-01-01T00:30:00Z", "-footer", `{"kid":"other"}`}, tok, 1, "rule footer:"},
		{"missing assertion", []string{"-now", "2026-01-01T00:30:00Z", "-assertion", "x"}, tok, 1, "rule signature:"},
		{"tampered", []string{"-now", "2026-01-01T00:30:00Z"}, flipChar(tok, 30), 1, "rule signature:"},
		{"not a token", []string{"-now", "2026-01-01T00:30:00Z"}, "v2.public.xyz", 1, "rule header:"},
		{"bad now", []string{"-now", "tomorrow"}, tok, 1, "-now:"},
		{"no token", []string{"-now", "2026-01-01T00:30:00Z"}, "", 2, "usage:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append(append([]string{}, base...), tc.args...), tc.token)
			if tc.token == "" {
				args = args[:len(args)-1]
			}
			code, _, errs := runCLI(t, args...)
			if code != tc.code || !strings.Contains(errs, tc.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errs, tc.stderr)
			}
		})
	}
}

func TestPasetoUsageAndSignErrors(t *testing.T) {
	secret, public := vectorKeys(t)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", []string{"paseto"}, 2, "usage:"},
		{"unknown subcommand", []string{"paseto", "encrypt"}, 2, `unknown command "encrypt"`},
		{"keygen extra argument", []string{"paseto", "keygen", "x"}, 2, ""},
		{"sign without claims", []string{"paseto", "sign", "-key", secret}, 2, "usage:"},
		{"sign with a public key", []string{"paseto", "sign", "-key", public, "-claims", "{}"}, 1, "rule key:"},
		{"sign an array", []string{"paseto", "sign", "-key", secret, "-claims", "[1]"}, 1, "rule payload-json:"},
		{"sign duplicate keys", []string{"paseto", "sign", "-key", secret, "-claims", `{"a":1,"a":2}`}, 1, "rule duplicate-key:"},
		{"sign bad exp", []string{"paseto", "sign", "-key", secret, "-claims", `{"exp":"soon"}`}, 1, "rule claim-type:"},
		{"sign missing file", []string{"paseto", "sign", "-key", "@/nonexistent/key", "-claims", "{}"}, 1, "nonexistent"},
		// An endless file is refused after its first mebibyte.
		{"sign an endless key file", []string{"paseto", "sign", "-key", "@/dev/zero", "-claims", "{}"}, 1, "larger than 1048576 bytes"},
		{"sign an endless claims file", []string{"paseto", "sign", "-key", secret, "-claims", "@/dev/zero"}, 1, "larger than 1048576 bytes"},
		{"verify with a secret key", []string{"paseto", "verify", "-key", secret, v43Token}, 1, "rule key:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errs, tc.stderr)
			}
		})
	}
}

func flipChar(s string, at int) string {
	b := []byte(s)
	if b[at] == 'A' {
		b[at] = 'B'
	} else {
		b[at] = 'A'
	}
	return string(b)
}
