package token

import (
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// Verifier is a third party that trusts one host's tokens: it holds only
// the host's public key, never the secret, and so can check a token
// without asking the server. A service checking a user's hats is one.
type Verifier struct {
	Host     string           // the expected issuer
	Audience string           // the expected audience; empty accepts any
	Key      paseto.PublicKey // the host's public key
}

// Verified is what a Verifier learns from a good token.
type Verified struct {
	Claims paseto.Claims
	Extras Extras
}

// Verify checks token at now: footer naming the key, signature, claims
// types, times, issuer and audience. Every failure is a *paseto.Error
// whose Rule names the check.
func (v Verifier) Verify(token string, now time.Time) (Verified, error) {
	val := paseto.Validator{Now: now, Issuer: v.Host, Audience: v.Audience, RequireExpiration: true}
	if v.Host == "" {
		return Verified{}, &paseto.Error{Rule: paseto.RuleIssuer, Detail: "verifier has no expected issuer"}
	}
	c, err := paseto.VerifyClaims(v.Key, token, Footer(v.Key), nil, val)
	if err != nil {
		return Verified{}, err
	}
	x, err := DecodeExtras(c)
	if err != nil {
		return Verified{}, err
	}
	return Verified{Claims: c, Extras: x}, nil
}

// HasHat reports whether the verified token lists the hat URI.
func (v Verified) HasHat(uri string) bool {
	for _, h := range v.Extras.Hats {
		if h == uri {
			return true
		}
	}
	return false
}
