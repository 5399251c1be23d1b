package token

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// Extra claims of the tokens issued here.
const (
	ClaimResource = "resource" // the resource a login with the token is bound to
	ClaimHats     = "hats"     // XEP-0317 hat URIs, a JSON array of strings
)

// Request is what a token is asked for.
type Request struct {
	Username string   // the nodeprepped user
	Resource string   // a resource to pin, or ""
	Hats     []string // hat URIs, or none
}

// Footer is the JSON footer of a host's tokens: {"kid":"k4.pid.…"}.
func Footer(pk paseto.PublicKey) []byte {
	b, _ := json.Marshal(struct {
		Kid string `json:"kid"`
	}{pk.ID()})
	return b
}

// NewClaims returns the claims of a token for r issued by host at now,
// valid for cfg's lifetime, with identifier jti.
func NewClaims(cfg Config, host string, r Request, now time.Time, jti string) (paseto.Claims, error) {
	now = now.UTC().Truncate(time.Second)
	c := paseto.Claims{
		Issuer: host, Subject: r.Username + "@" + host, Audience: cfg.AudienceFor(host), ID: jti,
		IssuedAt: now, NotBefore: now, Expiration: now.Add(cfg.lifetime()),
	}
	extra := make(map[string]json.RawMessage)
	if r.Resource != "" {
		b, err := json.Marshal(r.Resource)
		if err != nil {
			return paseto.Claims{}, fmt.Errorf("token: %w", err)
		}
		extra[ClaimResource] = b
	}
	if len(r.Hats) > 0 {
		b, err := json.Marshal(r.Hats)
		if err != nil {
			return paseto.Claims{}, fmt.Errorf("token: %w", err)
		}
		extra[ClaimHats] = b
	}
	if len(extra) > 0 {
		c.Extra = extra
	}
	return c, nil
}

// SignClaims signs c with sk, with sk's key id in the footer.
func SignClaims(sk paseto.SecretKey, c paseto.Claims) (string, error) {
	payload, err := c.MarshalJSON()
	if err != nil {
		return "", err
	}
	return paseto.Sign(sk, payload, Footer(sk.Public()), nil)
}

// Extras are the extra claims of an issued token, decoded.
type Extras struct {
	Resource string
	Hats     []string
}

// DecodeExtras reads the "resource" and "hats" claims. A claim of the
// wrong type is an *paseto.Error with RuleClaimType.
func DecodeExtras(c paseto.Claims) (Extras, error) {
	var x Extras
	if raw, ok := c.Extra[ClaimResource]; ok {
		if err := json.Unmarshal(raw, &x.Resource); err != nil {
			return Extras{}, &paseto.Error{Rule: paseto.RuleClaimType, Detail: `claim "resource" is not a string`}
		}
	}
	if raw, ok := c.Extra[ClaimHats]; ok {
		if err := json.Unmarshal(raw, &x.Hats); err != nil {
			return Extras{}, &paseto.Error{Rule: paseto.RuleClaimType, Detail: `claim "hats" is not an array of strings`}
		}
	}
	return x, nil
}
