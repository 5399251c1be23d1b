package token

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/sessionscope/sessionscope/sim/paseto"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// KeyFile is the stored form of a host's key pair, at <host>/token/key.json.
// The secret key is kept in the server's store, as Prosody modules keep
// their keys.
type KeyFile struct {
	Secret string `json:"secret"` // PASERK k4.secret
	Public string `json:"public"` // PASERK k4.public
	ID     string `json:"kid"`    // PASERK k4.pid of the public key
}

// KeyPath returns the storage name of host's key pair.
func KeyPath(host string) string { return host + "/token/key.json" }

// DeriveKey returns the key pair that a scenario with the given seed uses
// for host, so that runs replay exactly: the Ed25519 seed is
// SHA-256("sessionscope token key" || 0 || LE64(seed) || host).
func DeriveKey(seed uint64, host string) paseto.SecretKey {
	h := sha256.New()
	h.Write([]byte("sessionscope token key\x00"))
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], seed)
	h.Write(n[:])
	h.Write([]byte(host))
	sk, err := paseto.NewSecretKeyFromSeed(h.Sum(nil))
	if err != nil { // cannot happen: the digest is 32 bytes
		return paseto.SecretKey{}
	}
	return sk
}

// LoadKey returns host's stored key pair. When there is none, it stores
// and returns DeriveKey(seed, host). A stored file that cannot be read or
// holds an unusable key is an error and is left untouched.
func LoadKey(st *storage.Store, host string, seed uint64) (paseto.SecretKey, error) {
	var kf KeyFile
	found, err := st.ReadJSON(KeyPath(host), &kf)
	if err != nil {
		return paseto.SecretKey{}, fmt.Errorf("token: %w", err)
	}
	if found {
		sk, err := paseto.ParseSecretKey(kf.Secret)
		if err != nil {
			return paseto.SecretKey{}, fmt.Errorf("token: stored key for %s: %w", host, err)
		}
		return sk, nil
	}
	sk := DeriveKey(seed, host)
	pk := sk.Public()
	kf = KeyFile{Secret: sk.PASERK(), Public: pk.PASERK(), ID: pk.ID()}
	if err := st.WriteJSON(KeyPath(host), kf); err != nil {
		return paseto.SecretKey{}, fmt.Errorf("token: %w", err)
	}
	return sk, nil
}
