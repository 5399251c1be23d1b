// Package paseto implements PASETO version 4 "public" tokens: Ed25519-signed,
// unencrypted tokens carrying a JSON claims object, as Prosody's util.paseto
// issues and checks them. It uses crypto/ed25519 and the standard library
// only, has no global state and never reads the wall clock, so it behaves
// identically natively and under WebAssembly.
//
// # Tokens
//
// A v4.public token is
//
//	v4.public.<base64url(message || signature)>[.<base64url(footer)>]
//
// where message is the claims JSON exactly as signed, signature is the
// 64-byte Ed25519 signature over PAE("v4.public.", message, footer,
// implicit), and the footer segment appears only when the footer is
// non-empty. The footer is authenticated but readable; the implicit
// assertion is authenticated but never transmitted, so the verifier must
// supply the same bytes. Sign is deterministic: the official vectors are
// reproduced byte for byte.
//
// Verify is strict. The header must be exactly "v4.public."; there must be
// a non-empty payload segment and at most one non-empty footer segment;
// base64url must be unpadded, canonical (zero trailing bits) and in the
// URL-safe alphabet, with no carriage returns or newlines; the decoded body
// must be longer than a signature; an expected footer must match in
// constant time; and only once the signature verifies is the payload
// checked to be a JSON object, in UTF-8, without duplicate member names at
// any depth. Every failure is an *Error whose Rule says which check failed,
// and errors.Is(err, RuleSignature) style tests work.
//
// # Keys and claims
//
// PublicKey and SecretKey are distinct types, so a key can be used only for
// its purpose. They are made from raw Ed25519 bytes or seeds, or parsed from
// PASERK "k4.public." and "k4.secret." strings; PublicKey.ID gives the
// PASERK "k4.pid." identifier meant for a footer's "kid". ParseClaims
// decodes the registered claims (iss, sub, aud, jti, and exp, nbf, iat as
// RFC 3339 strings) and Validator checks them against a supplied instant,
// which in the simulator is the engine's virtual clock.
//
// # Differences from Prosody's util.paseto
//
// Prosody's le64 helper masks each length with 0x7F instead of clearing
// only the top bit of a 64-bit integer, so any PAE piece of 128 bytes or
// more (a longer payload, footer or implicit assertion) is encoded with the
// wrong length: 128 becomes 0 and 200 becomes 72. Such Prosody tokens do not
// verify against the specification, nor spec tokens against Prosody. This
// package follows the specification (see PAE) and offers no compatibility
// mode. It is also stricter than Prosody in other ways: a footer segment
// that fails to decode, or an empty one after a trailing dot, is rejected
// rather than treated as absent; the standard base64 alphabet and embedded
// white space are rejected; a top-level JSON array is not a valid payload;
// duplicate member names are rejected; and claims can be validated, which
// Prosody leaves to its callers.
package paseto
