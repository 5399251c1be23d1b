package paseto_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// vector is one entry of the official v4.json file.
type vector struct {
	Name       string  `json:"name"`
	ExpectFail bool    `json:"expect-fail"`
	Key        string  `json:"key"`
	PublicKey  string  `json:"public-key"`
	SecretKey  string  `json:"secret-key"`
	Seed       string  `json:"secret-key-seed"`
	Token      string  `json:"token"`
	Payload    *string `json:"payload"`
	Footer     string  `json:"footer"`
	Implicit   string  `json:"implicit-assertion"`
}

// loadJSON reads testdata/name into v.
func loadJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// loadVectors returns the official v4 vectors by name, in file order.
func loadVectors(t testing.TB) []vector {
	var f struct {
		Tests []vector `json:"tests"`
	}
	loadJSON(t, "v4.json", &f)
	if len(f.Tests) == 0 {
		t.Fatal("no vectors")
	}
	return f.Tests
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorKeys is the single key pair used by all official v4.public vectors.
func vectorKeys(t testing.TB) (paseto.SecretKey, paseto.PublicKey) {
	t.Helper()
	sk, err := paseto.NewSecretKeyFromSeed(mustHex(t, "b4cbfb43df4ce210727d953e4a713307fa19bb7d9f85041438d9e11b942a3774"))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := paseto.NewPublicKey(mustHex(t, "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2"))
	if err != nil {
		t.Fatal(err)
	}
	return sk, pk
}

// keyFromByte derives a deterministic test key pair from one byte.
func keyFromByte(t testing.TB, b byte) (paseto.SecretKey, paseto.PublicKey) {
	t.Helper()
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = b + byte(i)
	}
	sk, err := paseto.NewSecretKeyFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return sk, sk.Public()
}

// wantRule fails the test unless err is a *paseto.Error for rule.
func wantRule(t testing.TB, err error, rule paseto.Rule) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want rule %q", rule)
	}
	var pe *paseto.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *paseto.Error", err, err)
	}
	if !errors.Is(err, rule) {
		t.Fatalf("error %q has rule %q, want %q", err, pe.Rule, rule)
	}
}
