package paseto_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// payloadOfSize returns a JSON object of exactly n bytes (n >= 10).
func payloadOfSize(n int) []byte {
	return []byte(`{"d":"` + strings.Repeat("z", n-8) + `"}`)
}

func TestSignVerifyRoundTrip(t *testing.T) {
	sk, pk := keyFromByte(t, 3)
	big := bytes.Repeat([]byte("f"), 300)
	tests := []struct {
		name              string
		payload           []byte
		footer, implicit  []byte
		expectFooterToken bool
	}{
		{"minimal", []byte(`{}`), nil, nil, false},
		{"payload-127", payloadOfSize(127), nil, nil, false},
		{"payload-128", payloadOfSize(128), nil, nil, false},
		{"payload-200", payloadOfSize(200), nil, nil, false},
		{"payload-5000", payloadOfSize(5000), nil, nil, false},
		{"footer", []byte(`{"a":1}`), []byte(`{"kid":"x"}`), nil, true},
		{"footer-300", []byte(`{"a":1}`), big, nil, true},
		{"implicit-300", []byte(`{"a":1}`), nil, big, false},
		{"all-long", payloadOfSize(129), big, big, true},
		{"binary-footer", []byte(`{"a":1}`), []byte{0, 0xff, '.', '\n'}, []byte{0}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := paseto.Sign(sk, tc.payload, tc.footer, tc.implicit)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(tok, ".") == 3; got != tc.expectFooterToken {
				t.Fatalf("token %q: footer segment present = %v", tok, got)
			}
			for _, expect := range [][]byte{nil, tc.footer, append([]byte{}, tc.footer...)} {
				got, err := paseto.Verify(pk, tok, expect, tc.implicit)
				if err != nil || !bytes.Equal(got, tc.payload) {
					t.Fatalf("Verify(footer %q) = %q, %v", expect, got, err)
				}
			}
		})
	}
}

func TestVerifyMismatches(t *testing.T) {
	sk, pk := keyFromByte(t, 4)
	_, otherPK := keyFromByte(t, 5)
	payload := payloadOfSize(150)
	tok, err := paseto.Sign(sk, payload, []byte("foot"), []byte("assert"))
	if err != nil {
		t.Fatal(err)
	}
	bare, _ := paseto.Sign(sk, payload, nil, nil)
	stripped := tok[:strings.LastIndexByte(tok, '.')]
	tests := []struct {
		name             string
		pk               paseto.PublicKey
		token            string
		footer, implicit []byte
		rule             paseto.Rule
	}{
		{"wrong-key", otherPK, tok, nil, []byte("assert"), paseto.RuleSignature},
		{"wrong-footer", pk, tok, []byte("feet"), []byte("assert"), paseto.RuleFooter},
		{"footer-expected-empty", pk, tok, []byte{}, []byte("assert"), paseto.RuleFooter},
		{"footer-expected-missing", pk, bare, []byte("foot"), nil, paseto.RuleFooter},
		{"wrong-assertion", pk, tok, nil, []byte("assers"), paseto.RuleSignature},
		{"missing-assertion", pk, tok, []byte("foot"), nil, paseto.RuleSignature},
		{"unexpected-assertion", pk, bare, nil, []byte("assert"), paseto.RuleSignature},
		{"footer-stripped", pk, stripped, nil, []byte("assert"), paseto.RuleSignature},
		{"footer-added", pk, bare + "." + paseto.EncodeBase64([]byte("foot")), nil, nil, paseto.RuleSignature},
		{"footer-swapped", pk, stripped + "." + paseto.EncodeBase64([]byte("feet")), nil, []byte("assert"), paseto.RuleSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paseto.Verify(tc.pk, tc.token, tc.footer, tc.implicit)
			wantRule(t, err, tc.rule)
		})
	}
}

func TestVerifyStructure(t *testing.T) {
	sk, pk := keyFromByte(t, 6)
	tok, _ := paseto.Sign(sk, []byte(`{"a":"b"}`), nil, nil)
	body := strings.TrimPrefix(tok, paseto.Header)
	short := paseto.EncodeBase64(make([]byte, 64))
	tests := []struct {
		name, token string
		rule        paseto.Rule
	}{
		{"empty", "", paseto.RuleHeader},
		{"local", "v4.local." + body, paseto.RuleHeader},
		{"v3", "v3.public." + body, paseto.RuleHeader},
		{"uppercase", "V4.public." + body, paseto.RuleHeader},
		{"no-dot", "v4.public" + body, paseto.RuleHeader},
		{"leading-space", " " + tok, paseto.RuleHeader},
		{"header-only", "v4.public.", paseto.RuleFormat},
		{"empty-body-with-footer", "v4.public..AAAA", paseto.RuleFormat},
		{"trailing-dot", tok + ".", paseto.RuleFormat},
		{"five-segments", tok + ".AAAA.AAAA", paseto.RuleFormat},
		{"padding", tok + "==", paseto.RuleBase64},
		{"newline", tok[:20] + "\n" + tok[20:], paseto.RuleBase64},
		{"crlf-suffix", tok + "\r\n", paseto.RuleBase64},
		{"standard-alphabet", tok[:len(tok)-3] + "+" + tok[len(tok)-2:], paseto.RuleBase64},
		{"bad-footer-base64", tok + ".!!!", paseto.RuleBase64},
		{"footer-padding", tok + ".AA==", paseto.RuleBase64},
		{"signature-only", paseto.Header + short, paseto.RuleLength},
		{"short", paseto.Header + "AAAA", paseto.RuleLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paseto.Verify(pk, tc.token, nil, nil)
			wantRule(t, err, tc.rule)
		})
	}
}

// TestEverySingleByteChange replaces each byte of valid tokens (one with a
// footer, implicit assertion and a 130-byte payload) by every other byte
// value and requires Verify to reject every result.
func TestEverySingleByteChange(t *testing.T) {
	sk, pk := keyFromByte(t, 8)
	implicit := []byte(`{"test-vector":"mutation"}`)
	tokens := map[string]string{}
	tokens["small"], _ = paseto.Sign(sk, []byte(`{"sub":"juliet@capulet.lit"}`), []byte(`{"kid":"k"}`), implicit)
	tokens["long"], _ = paseto.Sign(sk, payloadOfSize(130), []byte(`{"kid":"k"}`), implicit)
	for name, tok := range tokens {
		t.Run(name, func(t *testing.T) {
			if _, err := paseto.Verify(pk, tok, nil, implicit); err != nil {
				t.Fatalf("unmodified token rejected: %v", err)
			}
			buf := []byte(tok)
			for i := range buf {
				orig := buf[i]
				for b := range 256 {
					if byte(b) == orig {
						continue
					}
					buf[i] = byte(b)
					if _, err := paseto.Verify(pk, string(buf), nil, implicit); err == nil {
						t.Fatalf("byte %d changed %q -> %q accepted", i, orig, byte(b))
					}
				}
				buf[i] = orig
			}
		})
	}
}

func TestSignRejectsBadPayloads(t *testing.T) {
	sk, _ := keyFromByte(t, 9)
	tests := []struct {
		name    string
		payload string
		rule    paseto.Rule
	}{
		{"empty", ``, paseto.RulePayloadJSON},
		{"array", `[1,2]`, paseto.RulePayloadJSON},
		{"string", `"x"`, paseto.RulePayloadJSON},
		{"two-objects", `{}{}`, paseto.RulePayloadJSON},
		{"trailing-garbage", `{} x`, paseto.RulePayloadJSON},
		{"truncated", `{"a":`, paseto.RulePayloadJSON},
		{"invalid-utf8", "{\"a\":\"\xff\"}", paseto.RulePayloadJSON},
		{"duplicate-top", `{"a":1,"a":2}`, paseto.RuleDuplicateKey},
		{"duplicate-nested", `{"a":{"b":1,"c":[{"d":1,"d":1}]}}`, paseto.RuleDuplicateKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paseto.Sign(sk, []byte(tc.payload), nil, nil)
			wantRule(t, err, tc.rule)
		})
	}
}

// TestVerifyRejectsSignedBadPayloads hand-builds validly signed tokens whose
// payloads are not acceptable JSON objects: the signature passes, the
// payload check must not.
func TestVerifyRejectsSignedBadPayloads(t *testing.T) {
	sk, pk := keyFromByte(t, 10)
	tests := []struct {
		name, payload string
		rule          paseto.Rule
	}{
		{"array", `["a","b"]`, paseto.RulePayloadJSON},
		{"number", `12345`, paseto.RulePayloadJSON},
		{"not-json", `hello`, paseto.RulePayloadJSON},
		{"duplicate", `{"exp":"2039-01-01T00:00:00Z","exp":"2000-01-01T00:00:00Z"}`, paseto.RuleDuplicateKey},
		{"duplicate-escaped", `{"a":1,"\u0061":2}`, paseto.RuleDuplicateKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := rawSign(t, sk, []byte(tc.payload), nil, nil)
			_, err := paseto.Verify(pk, tok, nil, nil)
			wantRule(t, err, tc.rule)
		})
	}
}

func TestInspect(t *testing.T) {
	sk, _ := keyFromByte(t, 11)
	payload, footer, implicit := payloadOfSize(140), []byte(`{"kid":"k4.pid.x"}`), []byte("i")
	tok, _ := paseto.Sign(sk, payload, footer, implicit)
	p, err := paseto.Inspect(tok, implicit)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"header-span", tok[p.HeaderSpan.Start:p.HeaderSpan.End] == paseto.Header},
		{"body-span", p.BodySpan.Start == len(paseto.Header) && tok[p.BodySpan.End] == '.'},
		{"footer-span", tok[p.FooterSpan.Start:p.FooterSpan.End] == paseto.EncodeBase64(footer) && p.FooterSpan.End == len(tok)},
		{"has-footer", p.HasFooter},
		{"message", bytes.Equal(p.Message, payload)},
		{"signature-length", len(p.Signature) == 64},
		{"footer", bytes.Equal(p.Footer, footer)},
		{"pae", bytes.Equal(p.PAE, paseto.PAE([]byte(paseto.Header), payload, footer, implicit))},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Fatalf("%+v", p)
			}
		})
	}
}

func TestErrorMessagesNameTheRule(t *testing.T) {
	_, pk := keyFromByte(t, 12)
	_, err := paseto.Verify(pk, "v4.local.x", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "header") || !strings.HasPrefix(err.Error(), "paseto: ") {
		t.Fatalf("message %v", err)
	}
	wrapped := fmt.Errorf("login: %w", err)
	wantRule(t, wrapped, paseto.RuleHeader)
}
