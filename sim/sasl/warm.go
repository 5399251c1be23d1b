package sasl

import (
	"crypto/sha256"
)

// Salts answers, on any goroutine, the salt and iteration count stored
// for a user, or found false.
type Salts func(username string) (salt []byte, iterations int, found bool)

// WarmPLAIN does ahead of time, on the calling goroutine, the key
// derivation that verifying the PLAIN message msg will cost, so that a
// server's single goroutine finds it in the cache: a listener calls it on
// each connection's reader goroutine before handing the bytes on. For a
// known user it derives the password with the user's salt and iteration
// count, which Cache.verify then finds, right or wrong; for an unknown
// one, with a salt made from the name and iterations, so that both cost
// the same and the time to answer does not tell which accounts exist.
// It changes no result: a message it cannot read is left to the server.
func (c *Cache) WarmPLAIN(msg []byte, salts Salts, iterations int) {
	if c == nil || c.size < 1 {
		return
	}
	username, password, _, ok := plainCredentials(msg)
	if !ok {
		return
	}
	salt, iter, found := salts(username)
	if !found {
		fake := sha256.Sum256([]byte("sessionscope: no such user\x00" + username))
		salt, iter = fake[:16], iterations
	}
	_, _ = c.NewCredentials(password, salt, iter)
}
