package paseto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/subtle"
	"strings"
)

// PASERK prefixes for the key types this package reads and writes.
const (
	paserkPublic = "k4.public."
	paserkSecret = "k4.secret."
	paserkPID    = "k4.pid."
	paserkSID    = "k4.sid."
	paserkIDLen  = 33 // BLAKE2b-264
)

// PublicKey is a v4.public verification key: an Ed25519 public key that can
// only be used with this package's v4.public functions. The zero value is
// not a usable key; Verify rejects it with RuleKey.
type PublicKey struct {
	k ed25519.PublicKey
}

// SecretKey is a v4.public signing key: an Ed25519 private key (seed
// followed by public key). The zero value is not a usable key; Sign rejects
// it with RuleKey.
type SecretKey struct {
	k ed25519.PrivateKey
}

// NewPublicKey returns the PublicKey whose raw Ed25519 encoding is b, which
// must be 32 bytes long. b is copied.
func NewPublicKey(b []byte) (PublicKey, error) {
	if len(b) != ed25519.PublicKeySize {
		return PublicKey{}, failf(RuleKey, "public key is %d bytes, want %d", len(b), ed25519.PublicKeySize)
	}
	return PublicKey{k: bytes.Clone(b)}, nil
}

// NewSecretKeyFromSeed derives the SecretKey for a 32-byte Ed25519 seed.
func NewSecretKeyFromSeed(seed []byte) (SecretKey, error) {
	if len(seed) != ed25519.SeedSize {
		return SecretKey{}, failf(RuleKey, "seed is %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	return SecretKey{k: ed25519.NewKeyFromSeed(seed)}, nil
}

// NewSecretKey returns the SecretKey for a 64-byte Ed25519 private key in
// the libsodium layout (seed || public key). The public half must be the
// one derived from the seed; otherwise the key is rejected with RuleKey.
func NewSecretKey(b []byte) (SecretKey, error) {
	if len(b) != ed25519.PrivateKeySize {
		return SecretKey{}, failf(RuleKey, "secret key is %d bytes, want %d", len(b), ed25519.PrivateKeySize)
	}
	sk := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
	if subtle.ConstantTimeCompare(sk, b) != 1 {
		return SecretKey{}, fail(RuleKey, "public half of secret key does not match its seed")
	}
	return SecretKey{k: sk}, nil
}

// Valid reports whether k holds a key (it is false for the zero value).
func (k PublicKey) Valid() bool { return len(k.k) == ed25519.PublicKeySize }

// Valid reports whether k holds a key (it is false for the zero value).
func (k SecretKey) Valid() bool { return len(k.k) == ed25519.PrivateKeySize }

// Bytes returns a copy of the raw 32-byte Ed25519 public key.
func (k PublicKey) Bytes() []byte { return bytes.Clone(k.k) }

// Bytes returns a copy of the raw 64-byte Ed25519 private key
// (seed || public key).
func (k SecretKey) Bytes() []byte { return bytes.Clone(k.k) }

// Seed returns a copy of the 32-byte seed the key was derived from, or nil
// for the zero value.
func (k SecretKey) Seed() []byte {
	if !k.Valid() {
		return nil
	}
	return bytes.Clone(k.k[:ed25519.SeedSize])
}

// Public returns the public half of k, or the zero PublicKey for the zero
// SecretKey.
func (k SecretKey) Public() PublicKey {
	if !k.Valid() {
		return PublicKey{}
	}
	return PublicKey{k: bytes.Clone(k.k[ed25519.SeedSize:])}
}

// Equal reports whether k and o are the same key.
func (k PublicKey) Equal(o PublicKey) bool { return bytes.Equal(k.k, o.k) }

// PASERK returns the key as a PASERK "k4.public." string, or "" for the
// zero value.
func (k PublicKey) PASERK() string {
	if !k.Valid() {
		return ""
	}
	return paserkPublic + EncodeBase64(k.k)
}

// PASERK returns the key as a PASERK "k4.secret." string (the full 64-byte
// private key), or "" for the zero value. The result is secret.
func (k SecretKey) PASERK() string {
	if !k.Valid() {
		return ""
	}
	return paserkSecret + EncodeBase64(k.k)
}

// ID returns the key's PASERK identifier, a "k4.pid." string suitable for
// the "kid" footer claim, or "" for the zero value.
func (k PublicKey) ID() string { return paserkID(paserkPID, k.PASERK()) }

// ID returns the key's PASERK identifier, a "k4.sid." string, or "" for the
// zero value. It does not reveal the key.
func (k SecretKey) ID() string { return paserkID(paserkSID, k.PASERK()) }

// paserkID computes h || base64url(BLAKE2b-264(h || p)).
func paserkID(h, p string) string {
	if p == "" {
		return ""
	}
	d := blake2bSum([]byte(h+p), paserkIDLen)
	return h + EncodeBase64(d)
}

// ParsePublicKey reads a PASERK "k4.public." string. Other versions and
// types, bad base64url and wrong lengths are rejected with RuleKey.
func ParsePublicKey(paserk string) (PublicKey, error) {
	b, err := paserkBody(paserk, paserkPublic)
	if err != nil {
		return PublicKey{}, err
	}
	return NewPublicKey(b)
}

// ParseSecretKey reads a PASERK "k4.secret." string holding a 64-byte
// private key. Other versions and types, bad base64url, wrong lengths and a
// public half that does not match the seed are rejected with RuleKey.
func ParseSecretKey(paserk string) (SecretKey, error) {
	b, err := paserkBody(paserk, paserkSecret)
	if err != nil {
		return SecretKey{}, err
	}
	return NewSecretKey(b)
}

// paserkBody checks the prefix and decodes the base64url body.
func paserkBody(s, prefix string) ([]byte, error) {
	body, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return nil, failf(RuleKey, "PASERK does not start with %q", prefix)
	}
	b, err := DecodeBase64(body)
	if err != nil {
		return nil, &Error{Rule: RuleKey, Detail: "PASERK body", Err: err}
	}
	return b, nil
}
