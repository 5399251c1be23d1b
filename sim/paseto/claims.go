package paseto

import (
	"encoding/json"
	"time"
)

// Registered claim names (PASETO "04-Claims").
const (
	ClaimIssuer     = "iss"
	ClaimSubject    = "sub"
	ClaimAudience   = "aud"
	ClaimExpiration = "exp"
	ClaimNotBefore  = "nbf"
	ClaimIssuedAt   = "iat"
	ClaimTokenID    = "jti"
)

// Claims is a token payload with the registered claims decoded. Empty
// strings and zero times mean the claim is absent. Times are RFC 3339
// strings on the wire. Extra holds every other top-level member, as raw JSON.
type Claims struct {
	Issuer     string
	Subject    string
	Audience   string
	ID         string
	Expiration time.Time
	NotBefore  time.Time
	IssuedAt   time.Time
	Extra      map[string]json.RawMessage
}

// ParseClaims decodes a payload. It must be a JSON object without duplicate
// member names at any depth; "iss", "sub", "aud" and "jti", when present,
// must be strings, and "exp", "nbf" and "iat" RFC 3339 date-time strings.
func ParseClaims(payload []byte) (Claims, error) {
	if err := checkJSONObject(payload); err != nil {
		return Claims{}, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		return Claims{}, &Error{Rule: RulePayloadJSON, Detail: "payload object", Err: err}
	}
	var c Claims
	strs := []struct {
		name string
		dst  *string
	}{{ClaimIssuer, &c.Issuer}, {ClaimSubject, &c.Subject}, {ClaimAudience, &c.Audience}, {ClaimTokenID, &c.ID}}
	for _, s := range strs {
		if err := takeString(m, s.name, s.dst); err != nil {
			return Claims{}, err
		}
	}
	times := []struct {
		name string
		dst  *time.Time
	}{{ClaimExpiration, &c.Expiration}, {ClaimNotBefore, &c.NotBefore}, {ClaimIssuedAt, &c.IssuedAt}}
	for _, t := range times {
		if err := takeTime(m, t.name, t.dst); err != nil {
			return Claims{}, err
		}
	}
	if len(m) > 0 {
		c.Extra = m
	}
	return c, nil
}

// takeString moves claim name from m into dst, requiring a JSON string.
func takeString(m map[string]json.RawMessage, name string, dst *string) error {
	raw, ok := m[name]
	if !ok {
		return nil
	}
	delete(m, name)
	if err := json.Unmarshal(raw, dst); err != nil || len(raw) == 0 || raw[0] != '"' {
		return failf(RuleClaimType, "claim %q is not a string", name)
	}
	return nil
}

// takeTime moves claim name from m into dst, requiring an RFC 3339 string.
// The time is stored in UTC.
func takeTime(m map[string]json.RawMessage, name string, dst *time.Time) error {
	if _, ok := m[name]; !ok {
		return nil
	}
	var s string
	if err := takeString(m, name, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return &Error{Rule: RuleClaimType, Detail: "claim " + name + " is not an RFC 3339 date-time", Err: err}
	}
	*dst = t.UTC()
	return nil
}

// MarshalJSON encodes the claims as a JSON object with its members in
// sorted order, so equal Claims always give identical bytes. Times are
// written in UTC as RFC 3339 without fractional seconds; empty strings and
// zero times are omitted. An Extra member that uses a registered claim name,
// or holds invalid JSON, is rejected with RuleClaimType.
func (c Claims) MarshalJSON() ([]byte, error) {
	m := make(map[string]json.RawMessage, len(c.Extra)+7)
	for k, v := range c.Extra {
		if isRegistered(k) {
			return nil, failf(RuleClaimType, "Extra uses the registered claim name %q", k)
		}
		m[k] = v
	}
	for name, v := range map[string]string{
		ClaimIssuer: c.Issuer, ClaimSubject: c.Subject, ClaimAudience: c.Audience, ClaimTokenID: c.ID,
		ClaimExpiration: formatTime(c.Expiration), ClaimNotBefore: formatTime(c.NotBefore),
		ClaimIssuedAt: formatTime(c.IssuedAt),
	} {
		if v != "" {
			b, _ := json.Marshal(v) // a Go string always encodes
			m[name] = b
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, &Error{Rule: RuleClaimType, Detail: "Extra holds invalid JSON", Err: err}
	}
	return b, nil
}

// formatTime renders t for the wire, or "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// isRegistered reports whether name is one of the seven registered claims.
func isRegistered(name string) bool {
	switch name {
	case ClaimIssuer, ClaimSubject, ClaimAudience, ClaimExpiration, ClaimNotBefore, ClaimIssuedAt, ClaimTokenID:
		return true
	}
	return false
}
