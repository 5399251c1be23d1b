package sasl

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Cache is a bounded LRU of successful PLAIN verifications and of derived
// credentials, the two things that cost a full PBKDF2 run. Entries are
// keyed by SHA-256 digests: over (username, salt, iteration count,
// StoredKey, password) for a verification, so a changed password or
// re-salted credential never hits, and over (password, salt, iteration
// count) for a derivation. The password itself is never stored. Eviction
// drops the least recently used entry, which is deterministic for a given
// sequence of calls.
//
// Both are pure functions of their inputs, so one Cache can serve many
// servers: a run rebuilt from its seed finds its logins and accounts
// already derived. A Cache is safe for concurrent use; a nil *Cache
// remembers nothing.
type Cache struct {
	mu    sync.Mutex
	kdf   KDF // nil: GoKDF
	size  int
	order *list.List // front: most recently used; values are entry
	items map[[32]byte]*list.Element
	adds  uint64 // entries ever added
}

// entry is one remembered thing: a verification (creds nil) or a
// derivation.
type entry struct {
	key   [32]byte
	creds *Credentials
}

// Key-domain tags, so that a verification and a derivation never share a
// key.
const (
	tagVerify byte = 'v'
	tagDerive byte = 'd'
)

// NewCache returns a cache holding at most size entries. A size below 1
// gives a cache that remembers nothing.
func NewCache(size int) *Cache {
	return &Cache{size: size, order: list.New(), items: make(map[[32]byte]*list.Element)}
}

// Len returns the number of remembered verifications.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Adds returns how many entries were ever added: a cheap way to tell
// whether a [Cache.Export] would say something new.
func (c *Cache) Adds() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.adds
}

// SetKDF makes the cache derive keys with kdf; nil restores GoKDF. Any
// KDF must give GoKDF's bytes: the engine's results must not depend on
// it.
func (c *Cache) SetKDF(kdf KDF) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kdf = kdf
}

// derive returns the cache's KDF.
func (c *Cache) derive() KDF {
	if c == nil {
		return GoKDF
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kdf == nil {
		return GoKDF
	}
	return c.kdf
}

// verify reports whether password matches creds for username, consulting
// and filling the cache. Credentials derived through the cache from the
// same password (the account's own, when it was made in this cache) answer
// without a PBKDF2 run.
func (c *Cache) verify(username, password string, creds Credentials) bool {
	if c == nil || c.size < 1 {
		return creds.checkPassword(c.derive(), password)
	}
	h := sha1Hash
	if len(creds.SHA1.StoredKey) == 0 {
		h = sha256Hash
	}
	k := cacheKey(tagVerify, creds.Iterations, []byte(username), creds.Salt, h.keys(&creds).StoredKey, []byte(password))
	if _, ok := c.hit(k); ok {
		return true
	}
	if d, ok := c.hit(deriveKey(password, creds.Salt, creds.Iterations)); ok && d != nil {
		return creds.matches(h, *h.keys(d))
	}
	if !creds.checkPassword(c.derive(), password) {
		return false
	}
	c.add(entry{key: k})
	return true
}

func deriveKey(password string, salt []byte, iterations int) [32]byte {
	return cacheKey(tagDerive, iterations, []byte(password), salt)
}

// NewCredentials is [NewCredentials], remembered: the same password, salt
// and iteration count give the same credentials without a second PBKDF2
// run. A nil or zero-size Cache derives every time.
func (c *Cache) NewCredentials(password string, salt []byte, iterations int) (Credentials, error) {
	if c == nil || c.size < 1 {
		return newCredentials(c.derive(), password, salt, iterations)
	}
	k := deriveKey(password, salt, iterations)
	if got, ok := c.hit(k); ok && got != nil {
		return got.clone(), nil
	}
	creds, err := newCredentials(c.derive(), password, salt, iterations)
	if err != nil {
		return Credentials{}, err
	}
	kept := creds.clone()
	c.add(entry{key: k, creds: &kept})
	return creds, nil
}

// clone returns a copy that shares no bytes with c.
func (c Credentials) clone() Credentials {
	dup := func(b []byte) []byte { return append([]byte(nil), b...) }
	c.Salt = dup(c.Salt)
	c.SHA1 = Keys{StoredKey: dup(c.SHA1.StoredKey), ServerKey: dup(c.SHA1.ServerKey)}
	c.SHA256 = Keys{StoredKey: dup(c.SHA256.StoredKey), ServerKey: dup(c.SHA256.ServerKey)}
	return c
}

// hit looks k up and marks it most recently used.
func (c *Cache) hit(k [32]byte) (*Credentials, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(entry).creds, true
}

// add remembers en, evicting the least recently used entry when full.
func (c *Cache) add(en entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[en.key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[en.key] = c.order.PushFront(en)
	c.adds++
	if c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(entry).key)
	}
}

// cacheKey hashes a tag, an iteration count and length-prefixed fields.
func cacheKey(tag byte, iterations int, fields ...[]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	h.Write([]byte{tag})
	for _, field := range fields {
		binary.BigEndian.PutUint64(n[:], uint64(len(field)))
		h.Write(n[:])
		h.Write(field)
	}
	binary.BigEndian.PutUint64(n[:], uint64(iterations))
	h.Write(n[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}
