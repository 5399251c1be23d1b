package paseto_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// TestOfficialVectors runs every v4 vector: the 4-S vectors must verify to
// their payload and re-sign to their token byte for byte; every other vector
// must be rejected by the v4.public verifier for the stated reason.
func TestOfficialVectors(t *testing.T) {
	sk, pk := vectorKeys(t)
	reasons := map[string]paseto.Rule{
		"4-F-1": paseto.RuleHeader,    // v4.local token given to a public verifier
		"4-F-2": paseto.RuleSignature, // v4.public token not signed by the vector key
		"4-F-3": paseto.RuleHeader,    // v3.local token
		"4-F-4": paseto.RuleHeader,    // v4.local (its base64 trap is tested below)
		"4-F-5": paseto.RuleHeader,    // v4.local (its padding trap is tested below)
	}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			if v.PublicKey != "" && v.PublicKey != "1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2" {
				t.Fatalf("unexpected vector key %s", v.PublicKey)
			}
			payload, err := paseto.Verify(pk, v.Token, []byte(v.Footer), []byte(v.Implicit))
			switch {
			case strings.HasPrefix(v.Name, "4-S-"):
				checkSignVector(t, sk, v, payload, err)
			case strings.HasPrefix(v.Name, "4-E-"):
				wantRule(t, err, paseto.RuleHeader)
			default:
				if !v.ExpectFail {
					t.Fatal("unclassified vector")
				}
				wantRule(t, err, reasons[v.Name])
			}
		})
	}
}

// checkSignVector checks one 4-S vector in both directions.
func checkSignVector(t *testing.T, sk paseto.SecretKey, v vector, payload []byte, err error) {
	t.Helper()
	if err != nil || v.ExpectFail || v.Payload == nil {
		t.Fatalf("verify: %v (expect-fail %v)", err, v.ExpectFail)
	}
	if string(payload) != *v.Payload {
		t.Fatalf("payload = %q, want %q", payload, *v.Payload)
	}
	tok, err := paseto.Sign(sk, []byte(*v.Payload), []byte(v.Footer), []byte(v.Implicit))
	if err != nil {
		t.Fatal(err)
	}
	if tok != v.Token {
		t.Fatalf("sign:\n got %s\nwant %s", tok, v.Token)
	}
	if !bytes.Equal(sk.Bytes(), mustHex(t, v.SecretKey)) {
		t.Fatal("seed does not expand to the vector's secret key")
	}
}

// TestVectorEncodingTraps moves the body of the local vectors 4-F-4
// (non-canonical trailing bits) and 4-F-5 (padding) behind a v4.public
// header: strict base64url must reject them, while the body of the valid
// vector each was derived from decodes.
func TestVectorEncodingTraps(t *testing.T) {
	byName := map[string]vector{}
	for _, v := range loadVectors(t) {
		byName[v.Name] = v
	}
	_, pk := vectorKeys(t)
	for _, c := range []struct{ bad, good string }{{"4-F-4", "4-E-1"}, {"4-F-5", "4-E-5"}} {
		t.Run(c.bad, func(t *testing.T) {
			bad := "v4.public." + strings.TrimPrefix(byName[c.bad].Token, "v4.local.")
			_, err := paseto.Verify(pk, bad, nil, nil)
			wantRule(t, err, paseto.RuleBase64)
			good := "v4.public." + strings.TrimPrefix(byName[c.good].Token, "v4.local.")
			_, err = paseto.Verify(pk, good, nil, nil)
			if errors.Is(err, paseto.RuleBase64) {
				t.Fatalf("valid vector body rejected as base64: %v", err)
			}
			wantRule(t, err, paseto.RuleSignature)
		})
	}
}
