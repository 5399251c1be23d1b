package paseto

import (
	"crypto/subtle"
	"time"
)

// Validator checks registered claims against a clock reading and expected
// values. It is fail-closed: an expected value that is set must be present
// and equal, and Now must be set. In the simulator Now comes from the
// engine's virtual clock, never from the wall clock.
type Validator struct {
	Now               time.Time     // the instant to validate at; required
	Leeway            time.Duration // tolerance for clock skew on exp, nbf and iat
	Issuer            string        // if set, "iss" must equal it
	Subject           string        // if set, "sub" must equal it
	Audience          string        // if set, "aud" must equal it
	ID                string        // if set, "jti" must equal it
	RequireExpiration bool          // if true, "exp" must be present
}

// Validate checks c. A token is expired when Now is after exp (plus
// Leeway), not yet valid when Now is before nbf (minus Leeway), and issued
// in the future when Now is before iat (minus Leeway). Absent time claims
// are not checked, except exp when RequireExpiration is set.
func (v Validator) Validate(c Claims) error {
	if v.Now.IsZero() {
		return fail(RuleClock, "validator has no clock reading (Now is zero)")
	}
	if err := v.checkTimes(c); err != nil {
		return err
	}
	return v.checkStrings(c)
}

// checkTimes applies the exp, nbf and iat rules.
func (v Validator) checkTimes(c Claims) error {
	switch {
	case c.Expiration.IsZero() && v.RequireExpiration:
		return fail(RuleExpired, `required claim "exp" is absent`)
	case !c.Expiration.IsZero() && v.Now.After(c.Expiration.Add(v.Leeway)):
		return failf(RuleExpired, "token expired at %s", formatTime(c.Expiration))
	case !c.NotBefore.IsZero() && v.Now.Before(c.NotBefore.Add(-v.Leeway)):
		return failf(RuleNotYetValid, "token is not valid before %s", formatTime(c.NotBefore))
	case !c.IssuedAt.IsZero() && v.Now.Before(c.IssuedAt.Add(-v.Leeway)):
		return failf(RuleIssuedInFuture, "token was issued in the future, at %s", formatTime(c.IssuedAt))
	}
	return nil
}

// checkStrings applies the iss, sub, aud and jti rules.
func (v Validator) checkStrings(c Claims) error {
	checks := []struct {
		rule       Rule
		name       string
		want, have string
	}{
		{RuleIssuer, ClaimIssuer, v.Issuer, c.Issuer},
		{RuleSubject, ClaimSubject, v.Subject, c.Subject},
		{RuleAudience, ClaimAudience, v.Audience, c.Audience},
		{RuleTokenID, ClaimTokenID, v.ID, c.ID},
	}
	for _, k := range checks {
		if k.want != "" && subtle.ConstantTimeCompare([]byte(k.want), []byte(k.have)) != 1 {
			return failf(k.rule, "claim %q does not match the expected value", k.name)
		}
	}
	return nil
}

// VerifyClaims verifies token as Verify does, then parses its payload with
// ParseClaims and checks it with v. It returns the claims only if every
// step succeeds.
func VerifyClaims(pk PublicKey, token string, footer, implicit []byte, v Validator) (Claims, error) {
	payload, err := Verify(pk, token, footer, implicit)
	if err != nil {
		return Claims{}, err
	}
	c, err := ParseClaims(payload)
	if err != nil {
		return Claims{}, err
	}
	if err := v.Validate(c); err != nil {
		return Claims{}, err
	}
	return c, nil
}
