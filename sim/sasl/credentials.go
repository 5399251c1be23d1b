package sasl

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"hash"

	"github.com/sessionscope/sessionscope/sim/jid/stringprep"
)

// MinIterations is the smallest PBKDF2 iteration count accepted for new
// credentials (Prosody's minimum for default_iteration_count).
const MinIterations = 4096

// Errors returned by [NewCredentials].
var (
	ErrIterations = errors.New("sasl: iteration count below 4096")
	ErrPassword   = errors.New("sasl: password fails SASLprep")
)

// Keys are the SCRAM keys stored for one hash function.
type Keys struct {
	StoredKey []byte // H(HMAC(SaltedPassword, "Client Key"))
	ServerKey []byte // HMAC(SaltedPassword, "Server Key")
}

// Credentials are what is stored for an account: SCRAM keys, never the
// password.
type Credentials struct {
	Iterations int
	Salt       []byte
	SHA1       Keys // StoredKey and ServerKey for SCRAM-SHA-1
	SHA256     Keys // for SCRAM-SHA-256
}

// hashSpec names a hash function for SCRAM and PBKDF2.
type hashSpec struct {
	new  func() hash.Hash
	keys func(*Credentials) *Keys
}

var (
	sha1Hash   = hashSpec{sha1.New, func(c *Credentials) *Keys { return &c.SHA1 }}
	sha256Hash = hashSpec{sha256.New, func(c *Credentials) *Keys { return &c.SHA256 }}
)

// NewCredentials SASLpreps password and derives the SCRAM-SHA-1 and
// SCRAM-SHA-256 keys for it. It fails when iterations is below
// [MinIterations] or the password fails SASLprep.
func NewCredentials(password string, salt []byte, iterations int) (Credentials, error) {
	if iterations < MinIterations {
		return Credentials{}, ErrIterations
	}
	prepped, ok := stringprep.Saslprep(password, false)
	if !ok {
		return Credentials{}, ErrPassword
	}
	c := Credentials{Iterations: iterations, Salt: append([]byte(nil), salt...)}
	var err error
	if c.SHA1, err = deriveKeys(sha1Hash, prepped, c.Salt, iterations); err != nil {
		return Credentials{}, err
	}
	if c.SHA256, err = deriveKeys(sha256Hash, prepped, c.Salt, iterations); err != nil {
		return Credentials{}, err
	}
	return c, nil
}

// deriveKeys computes StoredKey and ServerKey as RFC 5802 section 3 does.
func deriveKeys(h hashSpec, password string, salt []byte, iterations int) (Keys, error) {
	salted, err := pbkdf2.Key(h.new, password, salt, iterations, h.new().Size())
	if err != nil {
		return Keys{}, err
	}
	clientKey := mac(h, salted, []byte("Client Key"))
	return Keys{StoredKey: sum(h, clientKey), ServerKey: mac(h, salted, []byte("Server Key"))}, nil
}

// CheckPassword reports whether password matches the credentials, deriving
// the SCRAM-SHA-1 keys again (the SCRAM-SHA-256 keys when no SHA-1 keys are
// stored) and comparing both in constant time, as Prosody's test_password
// does.
func (c Credentials) CheckPassword(password string) bool {
	prepped, ok := stringprep.Saslprep(password, false)
	if !ok || c.Iterations < 1 {
		return false
	}
	h, want := sha1Hash, c.SHA1
	if len(want.StoredKey) == 0 {
		h, want = sha256Hash, c.SHA256
	}
	got, err := deriveKeys(h, prepped, c.Salt, c.Iterations)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got.StoredKey, want.StoredKey) == 1 &&
		subtle.ConstantTimeCompare(got.ServerKey, want.ServerKey) == 1
}

// mac returns HMAC(key, msg).
func mac(h hashSpec, key, msg []byte) []byte {
	m := hmac.New(h.new, key)
	m.Write(msg)
	return m.Sum(nil)
}

// sum returns H(msg).
func sum(h hashSpec, msg []byte) []byte {
	d := h.new()
	d.Write(msg)
	return d.Sum(nil)
}
