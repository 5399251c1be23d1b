package paseto

import (
	"encoding/base64"
	"strings"
)

// strictB64 rejects padding, the standard alphabet's '+' and '/', and
// non-zero trailing bits. It still skips '\r' and '\n', which
// DecodeBase64 rejects before using it.
var strictB64 = base64.RawURLEncoding.Strict()

// DecodeBase64 decodes s as unpadded base64url (RFC 4648 section 5) the way
// the PASETO specification demands: padding, characters outside the URL-safe
// alphabet (including '+', '/', whitespace, carriage return and newline),
// impossible lengths and non-zero trailing bits are all rejected with an
// *Error whose Rule is RuleBase64.
func DecodeBase64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fail(RuleBase64, "carriage return or newline in base64url")
	}
	b, err := strictB64.DecodeString(s)
	if err != nil {
		return nil, &Error{Rule: RuleBase64, Detail: "not strict unpadded base64url", Err: err}
	}
	return b, nil
}

// EncodeBase64 encodes b as unpadded base64url, as PASETO tokens and PASERK
// strings use.
func EncodeBase64(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}
