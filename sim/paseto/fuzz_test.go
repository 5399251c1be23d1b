package paseto_test

import (
	"errors"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// knownRules are the rules Verify may report.
var knownRules = []paseto.Rule{
	paseto.RuleHeader, paseto.RuleFormat, paseto.RuleBase64, paseto.RuleLength,
	paseto.RuleSignature, paseto.RuleFooter, paseto.RulePayloadJSON, paseto.RuleDuplicateKey,
}

// FuzzVerify feeds arbitrary tokens, footers and assertions to Verify under
// the official vector key. Verify must never panic; every error must carry a
// known rule; and any accepted token must be exactly what Sign produces for
// the recovered payload, footer and assertion (so nothing but the signer's
// own output is ever accepted). Inspect must agree with Verify's structure.
func FuzzVerify(f *testing.F) {
	for _, v := range loadVectors(f) {
		f.Add(v.Token, []byte(v.Footer), []byte(v.Implicit), true)
	}
	sk, pk := vectorKeys(f)
	f.Fuzz(func(t *testing.T, token string, footer, implicit []byte, checkFooter bool) {
		if !checkFooter {
			footer = nil
		} else if footer == nil {
			footer = []byte{}
		}
		payload, err := paseto.Verify(pk, token, footer, implicit)
		parts, ierr := paseto.Inspect(token, implicit)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if ierr != nil {
			t.Fatalf("Verify accepted what Inspect rejects: %v", ierr)
		}
		again, serr := paseto.Sign(sk, payload, parts.Footer, implicit)
		if serr != nil || again != token {
			t.Fatalf("accepted token is not the signer's output: %v\n%q\n%q", serr, token, again)
		}
	})
}

// checkFuzzError requires err to be a *paseto.Error with a known rule.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var pe *paseto.Error
	if !errors.As(err, &pe) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	for _, r := range knownRules {
		if pe.Rule == r {
			return
		}
	}
	t.Fatalf("unexpected rule %q", pe.Rule)
}
