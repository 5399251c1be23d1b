package sasl

import (
	"bytes"
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
	name string // as Web Crypto names it
	new  func() hash.Hash
	keys func(*Credentials) *Keys
}

var (
	sha1Hash   = hashSpec{"SHA-1", sha1.New, func(c *Credentials) *Keys { return &c.SHA1 }}
	sha256Hash = hashSpec{"SHA-256", sha256.New, func(c *Credentials) *Keys { return &c.SHA256 }}
)

// KDF computes PBKDF2 salted passwords of password: one for each hash
// named ("SHA-1", "SHA-256"), as long as the hash's output. GoKDF is the
// default; a browser page plugs in its native Web Crypto, several times
// faster than Go compiled to WebAssembly, with the same bytes.
type KDF func(password string, salt []byte, iterations int, hashes ...string) ([][]byte, error)

// GoKDF is a KDF over Go's crypto/pbkdf2.
func GoKDF(password string, salt []byte, iterations int, hashes ...string) ([][]byte, error) {
	out := make([][]byte, len(hashes))
	for i, name := range hashes {
		h, ok := hashNamed(name)
		if !ok {
			return nil, errors.New("sasl: no hash named " + name)
		}
		var err error
		if out[i], err = pbkdf2.Key(h.new, password, salt, iterations, h.new().Size()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CheckKDF reports whether kdf gives GoKDF's bytes for both hashes on a
// vector of RFC 6070's (two iterations: the loop is exercised, and the
// check costs nothing where Go is slow): a KDF plugged in from elsewhere
// (a browser's Web Crypto) must, or the engine's results would depend on
// where it runs.
func CheckKDF(kdf KDF) error {
	got, err := kdf("password", []byte("salt"), 2, "SHA-1", "SHA-256")
	if err != nil {
		return err
	}
	want, _ := GoKDF("password", []byte("salt"), 2, "SHA-1", "SHA-256")
	if len(got) != len(want) || !bytes.Equal(got[0], want[0]) || !bytes.Equal(got[1], want[1]) {
		return errors.New("sasl: the key derivation gives other bytes than PBKDF2")
	}
	return nil
}

func hashNamed(name string) (hashSpec, bool) {
	for _, h := range []hashSpec{sha1Hash, sha256Hash} {
		if h.name == name {
			return h, true
		}
	}
	return hashSpec{}, false
}

// NewCredentials SASLpreps password and derives the SCRAM-SHA-1 and
// SCRAM-SHA-256 keys for it. It fails when iterations is below
// [MinIterations] or the password fails SASLprep.
func NewCredentials(password string, salt []byte, iterations int) (Credentials, error) {
	return newCredentials(GoKDF, password, salt, iterations)
}

func newCredentials(kdf KDF, password string, salt []byte, iterations int) (Credentials, error) {
	if iterations < MinIterations {
		return Credentials{}, ErrIterations
	}
	prepped, ok := stringprep.Saslprep(password, false)
	if !ok {
		return Credentials{}, ErrPassword
	}
	c := Credentials{Iterations: iterations, Salt: append([]byte(nil), salt...)}
	keys, err := deriveKeys(kdf, prepped, c.Salt, iterations, sha1Hash, sha256Hash)
	if err != nil {
		return Credentials{}, err
	}
	c.SHA1, c.SHA256 = keys[0], keys[1]
	return c, nil
}

// deriveKeys computes StoredKey and ServerKey for each hash as RFC 5802
// section 3 does.
func deriveKeys(kdf KDF, password string, salt []byte, iterations int, hs ...hashSpec) ([]Keys, error) {
	names := make([]string, len(hs))
	for i, h := range hs {
		names[i] = h.name
	}
	salted, err := kdf(password, salt, iterations, names...)
	if err != nil {
		return nil, err
	}
	if len(salted) != len(hs) {
		return nil, errors.New("sasl: the key derivation gave the wrong number of keys")
	}
	keys := make([]Keys, len(hs))
	for i, h := range hs {
		clientKey := mac(h, salted[i], []byte("Client Key"))
		keys[i] = Keys{StoredKey: sum(h, clientKey), ServerKey: mac(h, salted[i], []byte("Server Key"))}
	}
	return keys, nil
}

// CheckPassword reports whether password matches the credentials, deriving
// the SCRAM-SHA-1 keys again (the SCRAM-SHA-256 keys when no SHA-1 keys are
// stored) and comparing both in constant time, as Prosody's test_password
// does.
func (c Credentials) CheckPassword(password string) bool { return c.checkPassword(GoKDF, password) }

func (c Credentials) checkPassword(kdf KDF, password string) bool {
	prepped, ok := stringprep.Saslprep(password, false)
	if !ok || c.Iterations < 1 {
		return false
	}
	h := sha1Hash
	if len(c.SHA1.StoredKey) == 0 {
		h = sha256Hash
	}
	got, err := deriveKeys(kdf, prepped, c.Salt, c.Iterations, h)
	if err != nil {
		return false
	}
	return c.matches(h, got[0])
}

// matches compares keys with the credentials' keys for h, in constant
// time.
func (c Credentials) matches(h hashSpec, keys Keys) bool {
	want := h.keys(&c)
	return subtle.ConstantTimeCompare(keys.StoredKey, want.StoredKey) == 1 &&
		subtle.ConstantTimeCompare(keys.ServerKey, want.ServerKey) == 1
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
