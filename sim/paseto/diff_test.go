package paseto_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	gopaseto "aidanwoods.dev/go-paseto"
	"github.com/sessionscope/sessionscope/sim/paseto"
)

// diffCase is one payload/footer/assertion combination for the
// differential test against aidanwoods.dev/go-paseto.
type diffCase struct {
	name                      string
	payload, footer, implicit string
}

func diffCases() []diffCase {
	long := strings.Repeat("ab", 100)
	return []diffCase{
		{"small", `{"sub":"romeo"}`, "", ""},
		{"footer", `{"sub":"romeo"}`, `{"kid":"k4.pid.x"}`, ""},
		{"implicit", `{"sub":"romeo"}`, "", `{"sid":"s1"}`},
		{"payload-127", string(payloadOfSize(127)), "", ""},
		{"payload-128", string(payloadOfSize(128)), "", ""},
		{"payload-300", `{"data":"` + long + `","exp":"2039-01-01T00:00:00Z"}`, "f", "i"},
		{"footer-200", `{"a":1}`, long, ""},
		{"implicit-200", `{"a":1}`, "", long},
		{"all-long", string(payloadOfSize(1000)), long, long},
	}
}

// diffKeys returns the same key pair in both libraries.
func diffKeys(t *testing.T, b byte) (paseto.SecretKey, paseto.PublicKey, gopaseto.V4AsymmetricSecretKey, gopaseto.V4AsymmetricPublicKey) {
	t.Helper()
	sk, pk := keyFromByte(t, b)
	gsk, err := gopaseto.NewV4AsymmetricSecretKeyFromSeed(fmt.Sprintf("%x", sk.Seed()))
	if err != nil {
		t.Fatal(err)
	}
	return sk, pk, gsk, gsk.Public()
}

// TestDifferentialTheirsToOurs: tokens go-paseto signs verify here, and
// re-signing the recovered payload reproduces the token exactly.
func TestDifferentialTheirsToOurs(t *testing.T) {
	sk, pk, gsk, _ := diffKeys(t, 20)
	for _, tc := range diffCases() {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := gopaseto.NewTokenFromClaimsJSON([]byte(tc.payload), []byte(tc.footer))
			if err != nil {
				t.Fatal(err)
			}
			signed := tok.V4Sign(gsk, []byte(tc.implicit))
			got, err := paseto.Verify(pk, signed, []byte(tc.footer), []byte(tc.implicit))
			if err != nil {
				t.Fatalf("go-paseto token rejected: %v", err)
			}
			sameJSON(t, got, []byte(tc.payload))
			again, err := paseto.Sign(sk, got, []byte(tc.footer), []byte(tc.implicit))
			if err != nil || again != signed {
				t.Fatalf("re-sign differs: %v\n ours %s\ntheirs %s", err, again, signed)
			}
		})
	}
}

// TestDifferentialOursToTheirs: tokens signed here verify in go-paseto with
// the same claims and footer, and fail there with a wrong assertion.
func TestDifferentialOursToTheirs(t *testing.T) {
	sk, _, _, gpk := diffKeys(t, 21)
	parser := gopaseto.NewParserWithoutExpiryCheck()
	for _, tc := range diffCases() {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := paseto.Sign(sk, []byte(tc.payload), []byte(tc.footer), []byte(tc.implicit))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := parser.ParseV4Public(gpk, tok, []byte(tc.implicit))
			if err != nil {
				t.Fatalf("go-paseto rejects our token: %v", err)
			}
			sameJSON(t, parsed.ClaimsJSON(), []byte(tc.payload))
			if string(parsed.Footer()) != tc.footer {
				t.Fatalf("footer %q, want %q", parsed.Footer(), tc.footer)
			}
			if _, err := parser.ParseV4Public(gpk, tok, []byte(tc.implicit+"x")); err == nil {
				t.Fatal("go-paseto accepted a wrong implicit assertion")
			}
		})
	}
}

// sameJSON requires a and b to hold the same JSON value.
func sameJSON(t *testing.T, a, b []byte) {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Fatalf("JSON differs:\n%s\n%s", a, b)
	}
}
