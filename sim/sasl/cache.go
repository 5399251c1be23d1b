package sasl

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Cache is a bounded LRU of successful PLAIN verifications. Entries are
// SHA-256 digests over (username, salt, iteration count, StoredKey,
// password), so a changed password or re-salted credential never hits and
// the password itself is never stored. Eviction drops the least recently
// used entry, which is deterministic for a given sequence of logins. A
// Cache is safe for concurrent use; a nil *Cache remembers nothing.
type Cache struct {
	mu    sync.Mutex
	size  int
	order *list.List // front: most recently used; values are [32]byte
	items map[[32]byte]*list.Element
}

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

// verify reports whether password matches creds for username, consulting
// and filling the cache.
func (c *Cache) verify(username, password string, creds Credentials) bool {
	if c == nil || c.size < 1 {
		return creds.CheckPassword(password)
	}
	k := cacheKey(username, password, creds)
	if c.hit(k) {
		return true
	}
	if !creds.CheckPassword(password) {
		return false
	}
	c.add(k)
	return true
}

// hit looks k up and marks it most recently used.
func (c *Cache) hit(k [32]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if ok {
		c.order.MoveToFront(e)
	}
	return ok
}

// add remembers k, evicting the least recently used entry when full.
func (c *Cache) add(k [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(k)
	if c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.([32]byte))
	}
}

// cacheKey hashes the length-prefixed fields that identify a verification.
func cacheKey(username, password string, creds Credentials) [32]byte {
	stored := creds.SHA1.StoredKey
	if len(stored) == 0 {
		stored = creds.SHA256.StoredKey
	}
	h := sha256.New()
	var n [8]byte
	for _, field := range [][]byte{[]byte(username), creds.Salt, stored, []byte(password)} {
		binary.BigEndian.PutUint64(n[:], uint64(len(field)))
		h.Write(n[:])
		h.Write(field)
	}
	binary.BigEndian.PutUint64(n[:], uint64(creds.Iterations))
	h.Write(n[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}
