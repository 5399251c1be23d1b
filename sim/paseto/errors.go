package paseto

import "fmt"

// Rule names the check that rejected a token, key or claim set. A Rule is
// itself an error, so errors.Is(err, RuleExpired) reports whether err was
// produced by that rule.
type Rule string

// The rules a token, key or claim set can fail.
const (
	RuleHeader         Rule = "header"           // token does not start with "v4.public."
	RuleFormat         Rule = "format"           // wrong number of segments or an empty segment
	RuleBase64         Rule = "base64"           // segment is not strict unpadded base64url
	RuleLength         Rule = "length"           // decoded body is not longer than a signature
	RuleKey            Rule = "key"              // key bytes or PASERK string unusable
	RuleSignature      Rule = "signature"        // Ed25519 signature does not verify
	RuleFooter         Rule = "footer"           // footer differs from the expected one
	RulePayloadJSON    Rule = "payload-json"     // payload is not a JSON object
	RuleDuplicateKey   Rule = "duplicate-key"    // a JSON object repeats a member name
	RuleClaimType      Rule = "claim-type"       // a registered claim has the wrong type or format
	RuleClock          Rule = "clock"            // the validator was given no clock reading
	RuleExpired        Rule = "expired"          // now is after "exp"
	RuleNotYetValid    Rule = "not-yet-valid"    // now is before "nbf"
	RuleIssuedInFuture Rule = "issued-in-future" // now is before "iat"
	RuleIssuer         Rule = "issuer"           // "iss" differs from the expected issuer
	RuleSubject        Rule = "subject"          // "sub" differs from the expected subject
	RuleAudience       Rule = "audience"         // "aud" differs from the expected audience
	RuleTokenID        Rule = "token-id"         // "jti" differs from the expected identifier
)

// Error returns the rule's name.
func (r Rule) Error() string { return string(r) }

// Error is the error type returned by every function in this package. Rule
// says which check failed; Detail explains it for a human.
type Error struct {
	Rule   Rule   // the check that failed
	Detail string // what was wrong, never containing key material
	Err    error  // underlying error, if any
}

// Error formats the error as "paseto: <rule>: <detail>".
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("paseto: %s: %s: %v", e.Rule, e.Detail, e.Err)
	}
	return fmt.Sprintf("paseto: %s: %s", e.Rule, e.Detail)
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the Rule that e failed, so that
// errors.Is(err, RuleSignature) works through any wrapping.
func (e *Error) Is(target error) bool {
	r, ok := target.(Rule)
	return ok && r == e.Rule
}

func fail(r Rule, detail string) *Error { return &Error{Rule: r, Detail: detail} }

func failf(r Rule, format string, args ...any) *Error {
	return &Error{Rule: r, Detail: fmt.Sprintf(format, args...)}
}
