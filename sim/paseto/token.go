package paseto

import (
	"crypto/ed25519"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// Header is the fixed prefix of every v4.public token. It is signed as the
// first PAE piece.
const Header = "v4.public."

// Span is a half-open range [Start, End) of byte offsets into a token string.
type Span struct {
	Start, End int
}

// Parts is a token taken apart, for display. Nothing in it is authenticated
// until Verify has accepted the same token.
type Parts struct {
	HeaderSpan Span   // "v4.public." in the token
	BodySpan   Span   // base64url of Message || Signature
	FooterSpan Span   // base64url of Footer; empty when HasFooter is false
	HasFooter  bool   // whether the token carries a footer segment
	Message    []byte // decoded payload (claims JSON), as signed
	Signature  []byte // the 64-byte Ed25519 signature
	Footer     []byte // decoded footer
	PAE        []byte // PAE(header, message, footer, implicit): the signed bytes
}

// Sign returns the v4.public token for payload, signed with sk. The footer is
// authenticated and, when non-empty, appended to the token in base64url.
// The implicit assertion is authenticated but never transmitted. The payload
// bytes are signed exactly as given; they must form a JSON object without
// duplicate member names. Signing is deterministic.
func Sign(sk SecretKey, payload, footer, implicit []byte) (string, error) {
	if !sk.Valid() {
		return "", fail(RuleKey, "secret key is not set")
	}
	if err := checkJSONObject(payload); err != nil {
		return "", err
	}
	pae := PAE([]byte(Header), payload, footer, implicit)
	body := make([]byte, 0, len(payload)+ed25519.SignatureSize)
	body = append(body, payload...)
	body = append(body, ed25519.Sign(sk.k, pae)...)
	return assemble(body, footer), nil
}

// assemble builds "v4.public." || b64(body) [ || "." || b64(footer) ].
func assemble(body, footer []byte) string {
	enc := base64.RawURLEncoding
	n := len(Header) + enc.EncodedLen(len(body))
	if len(footer) > 0 {
		n += 1 + enc.EncodedLen(len(footer))
	}
	out := make([]byte, 0, n)
	out = append(out, Header...)
	out = enc.AppendEncode(out, body)
	if len(footer) > 0 {
		out = append(out, '.')
		out = enc.AppendEncode(out, footer)
	}
	return string(out)
}

// Verify checks token against pk and returns the signed payload (the claims
// JSON) if the token is authentic and the payload is a JSON object in UTF-8
// without duplicate member names, nested at most 256 levels deep. It does
// not validate claims; see VerifyClaims.
//
// footer is the expected footer. A nil footer means "accept whatever footer
// the token carries" (it is still authenticated by the signature); a non-nil
// footer, even an empty one, must equal the token's footer exactly and is
// compared in constant time. implicit is the implicit assertion the token
// was signed with (nil and empty are the same).
func Verify(pk PublicKey, token string, footer, implicit []byte) ([]byte, error) {
	if !pk.Valid() {
		return nil, fail(RuleKey, "public key is not set")
	}
	p, err := Inspect(token, implicit)
	if err != nil {
		return nil, err
	}
	if footer != nil && subtle.ConstantTimeCompare(footer, p.Footer) != 1 {
		return nil, fail(RuleFooter, "footer does not match the expected footer")
	}
	if !ed25519.Verify(pk.k, p.PAE, p.Signature) {
		return nil, fail(RuleSignature, "signature does not verify")
	}
	if err := checkJSONObject(p.Message); err != nil {
		return nil, err
	}
	return p.Message, nil
}

// Inspect takes token apart without checking its signature: it checks the
// header, the segment structure, strict base64url and the length, and
// computes the PAE bytes that the signature covers given the implicit
// assertion. It is meant for token-inspector views; use Verify to trust a
// token.
func Inspect(token string, implicit []byte) (Parts, error) {
	rest, ok := strings.CutPrefix(token, Header)
	if !ok {
		return Parts{}, fail(RuleHeader, `token does not start with "v4.public."`)
	}
	p, err := split(rest, len(Header))
	if err != nil {
		return Parts{}, err
	}
	if err := decodeParts(token, &p); err != nil {
		return Parts{}, err
	}
	p.PAE = PAE([]byte(Header), p.Message, p.Footer, implicit)
	return p, nil
}

// split finds the body and footer segments of rest, which starts at offset
// base of the token.
func split(rest string, base int) (Parts, error) {
	p := Parts{HeaderSpan: Span{0, base}}
	body, foot, hasFooter := strings.Cut(rest, ".")
	if strings.Contains(foot, ".") {
		return Parts{}, fail(RuleFormat, "token has more than four segments")
	}
	if body == "" {
		return Parts{}, fail(RuleFormat, "payload segment is empty")
	}
	if hasFooter && foot == "" {
		return Parts{}, fail(RuleFormat, "footer segment after the final dot is empty")
	}
	p.BodySpan = Span{base, base + len(body)}
	if hasFooter {
		start := p.BodySpan.End + 1
		p.FooterSpan = Span{start, start + len(foot)}
	} else {
		p.FooterSpan = Span{p.BodySpan.End, p.BodySpan.End}
	}
	p.HasFooter = hasFooter
	return p, nil
}

// decodeParts decodes the segments located by split.
func decodeParts(token string, p *Parts) error {
	if p.HasFooter {
		f, err := DecodeBase64(token[p.FooterSpan.Start:p.FooterSpan.End])
		if err != nil {
			return &Error{Rule: RuleBase64, Detail: "footer segment", Err: err}
		}
		p.Footer = f
	}
	body, err := DecodeBase64(token[p.BodySpan.Start:p.BodySpan.End])
	if err != nil {
		return &Error{Rule: RuleBase64, Detail: "payload segment", Err: err}
	}
	if len(body) <= ed25519.SignatureSize {
		return failf(RuleLength, "decoded payload is %d bytes, need more than %d", len(body), ed25519.SignatureSize)
	}
	cut := len(body) - ed25519.SignatureSize
	p.Message, p.Signature = body[:cut:cut], body[cut:]
	return nil
}
