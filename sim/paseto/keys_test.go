package paseto_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
	"golang.org/x/crypto/blake2b"
)

// paserkVector is one entry of a PASERK k4 vector file.
type paserkVector struct {
	Name       string  `json:"name"`
	ExpectFail bool    `json:"expect-fail"`
	Key        string  `json:"key"`
	Seed       string  `json:"secret-key-seed"`
	Paserk     *string `json:"paserk"`
}

func loadPASERK(t *testing.T, name string) []paserkVector {
	var f struct {
		Tests []paserkVector `json:"tests"`
	}
	loadJSON(t, "PASERK/"+name, &f)
	if len(f.Tests) == 0 {
		t.Fatal("no vectors")
	}
	return f.Tests
}

func TestPASERKPublicVectors(t *testing.T) {
	for _, v := range loadPASERK(t, "k4.public.json") {
		t.Run(v.Name, func(t *testing.T) {
			pk, err := paseto.NewPublicKey(mustHex(t, v.Key))
			if v.ExpectFail {
				wantRule(t, err, paseto.RuleKey)
				return
			}
			if err != nil || pk.PASERK() != *v.Paserk {
				t.Fatalf("PASERK() = %q, %v; want %q", pk.PASERK(), err, *v.Paserk)
			}
			back, err := paseto.ParsePublicKey(*v.Paserk)
			if err != nil || !back.Equal(pk) {
				t.Fatalf("ParsePublicKey: %v", err)
			}
		})
	}
}

func TestPASERKSecretVectors(t *testing.T) {
	for _, v := range loadPASERK(t, "k4.secret.json") {
		t.Run(v.Name, func(t *testing.T) {
			sk, err := paseto.NewSecretKey(mustHex(t, v.Key))
			if v.ExpectFail {
				wantRule(t, err, paseto.RuleKey)
				return
			}
			if err != nil || sk.PASERK() != *v.Paserk {
				t.Fatalf("PASERK() = %q, %v; want %q", sk.PASERK(), err, *v.Paserk)
			}
			back, err := paseto.ParseSecretKey(*v.Paserk)
			if err != nil || !bytes.Equal(back.Bytes(), sk.Bytes()) {
				t.Fatalf("ParseSecretKey: %v", err)
			}
			if !bytes.Equal(back.Seed(), mustHex(t, v.Seed)) {
				t.Fatal("seed mismatch")
			}
		})
	}
}

// TestPublicKeyID checks k4.pid against the official PASERK k4.pid vectors
// (transcribed, see testdata/SOURCE.txt) and against x/crypto's BLAKE2b.
func TestPublicKeyID(t *testing.T) {
	tests := []struct{ name, key, want string }{
		{"k4.pid-1", "0000000000000000000000000000000000000000000000000000000000000000", "k4.pid.S_XQmeEwHbbvRmiyfXfHYpLGjXGzjTRSDoT1YtTakWFE"},
		{"k4.pid-2", "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f", "k4.pid.9ShR3xc8-qVJ_di0tc9nx0IDIqbatdeM2mqLFBJsKRHs"},
		{"vector-key", "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := paseto.NewPublicKey(mustHex(t, tc.key))
			if err != nil {
				t.Fatal(err)
			}
			h, _ := blake2b.New(33, nil)
			h.Write([]byte("k4.pid." + pk.PASERK()))
			ref := "k4.pid." + paseto.EncodeBase64(h.Sum(nil))
			if got := pk.ID(); got != ref || (tc.want != "" && got != tc.want) {
				t.Fatalf("ID() = %q, x/crypto gives %q, vector %q", got, ref, tc.want)
			}
		})
	}
}

func TestSecretKeyID(t *testing.T) {
	sk, pk := keyFromByte(t, 7)
	h, _ := blake2b.New(33, nil)
	h.Write([]byte("k4.sid." + sk.PASERK()))
	if got, want := sk.ID(), "k4.sid."+paseto.EncodeBase64(h.Sum(nil)); got != want {
		t.Fatalf("ID() = %q, want %q", got, want)
	}
	if sk.ID() == pk.ID() {
		t.Fatal("sid equals pid")
	}
}

func TestKeyRejections(t *testing.T) {
	good, _ := keyFromByte(t, 1)
	mismatched := good.Bytes()
	mismatched[63] ^= 1
	pub := good.Public().PASERK()
	tests := []struct {
		name string
		run  func() error
	}{
		{"seed-31", func() error { _, err := paseto.NewSecretKeyFromSeed(make([]byte, 31)); return err }},
		{"seed-nil", func() error { _, err := paseto.NewSecretKeyFromSeed(nil); return err }},
		{"secret-32", func() error { _, err := paseto.NewSecretKey(make([]byte, 32)); return err }},
		{"secret-public-half-mismatch", func() error { _, err := paseto.NewSecretKey(mismatched); return err }},
		{"public-33", func() error { _, err := paseto.NewPublicKey(make([]byte, 33)); return err }},
		{"paserk-wrong-type", func() error { _, err := paseto.ParseSecretKey(pub); return err }},
		{"paserk-wrong-version", func() error { _, err := paseto.ParsePublicKey("k3" + pub[2:]); return err }},
		{"paserk-padding", func() error { _, err := paseto.ParsePublicKey(pub + "="); return err }},
		{"paserk-newline", func() error { _, err := paseto.ParsePublicKey(pub[:20] + "\n" + pub[20:]); return err }},
		{"paserk-secret-mismatch", func() error {
			_, err := paseto.ParseSecretKey("k4.secret." + paseto.EncodeBase64(mismatched))
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantRule(t, tc.run(), paseto.RuleKey) })
	}
}

func TestZeroKeys(t *testing.T) {
	var sk paseto.SecretKey
	var pk paseto.PublicKey
	if sk.Valid() || pk.Valid() || sk.PASERK() != "" || pk.ID() != "" || sk.Public().Valid() || sk.Seed() != nil {
		t.Fatal("zero keys should be invalid and empty")
	}
	_, err := paseto.Sign(sk, []byte(`{}`), nil, nil)
	wantRule(t, err, paseto.RuleKey)
	_, err = paseto.Verify(pk, "v4.public.AAAA", nil, nil)
	wantRule(t, err, paseto.RuleKey)
}

func TestKeyBytesAreCopies(t *testing.T) {
	raw := mustHex(t, "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2")
	pk, _ := paseto.NewPublicKey(raw)
	raw[0] ^= 0xff
	pk.Bytes()[1] ^= 0xff
	if hex.EncodeToString(pk.Bytes()) != "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2" {
		t.Fatal("key aliases caller memory")
	}
}
