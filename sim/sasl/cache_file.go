package sasl

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
)

// cacheMagic starts an exported cache; the format is:
//
//	magic, then per entry, least recently used first:
//	  key [32]byte, kind byte (0 verification, 1 derivation),
//	  for a derivation: uvarint iterations and five uvarint-prefixed byte
//	  strings (salt, SHA-1 StoredKey and ServerKey, SHA-256 StoredKey and
//	  ServerKey),
//	then the SHA-256 of everything before it.
const cacheMagic = "SSCACHE1"

// ErrCacheFile is returned by [Cache.Import] for data that is not an intact
// export.
var ErrCacheFile = errors.New("sasl: not an intact cache export")

// maxExportField bounds one byte string of an imported entry.
const maxExportField = 1 << 10

// Export encodes what the cache remembers, so that a later process can
// [Cache.Import] it instead of running PBKDF2 again. Like the cache it
// holds no password, only digests and derived keys. A nil cache exports
// nothing but the frame.
func (c *Cache) Export() []byte {
	b := []byte(cacheMagic)
	if c != nil {
		c.mu.Lock()
		for e := c.order.Back(); e != nil; e = e.Prev() {
			b = appendEntry(b, e.Value.(entry))
		}
		c.mu.Unlock()
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func appendEntry(b []byte, en entry) []byte {
	b = append(b, en.key[:]...)
	if en.creds == nil {
		return append(b, 0)
	}
	cr := en.creds
	b = binary.AppendUvarint(append(b, 1), uint64(cr.Iterations))
	for _, f := range [][]byte{cr.Salt, cr.SHA1.StoredKey, cr.SHA1.ServerKey, cr.SHA256.StoredKey, cr.SHA256.ServerKey} {
		b = append(binary.AppendUvarint(b, uint64(len(f))), f...)
	}
	return b
}

// Import adds the entries of an export, as if they had been used in the
// order they were exported; entries beyond the cache's size push out the
// oldest, as use would. Data that is damaged in any way is refused whole
// with ErrCacheFile and changes nothing.
func (c *Cache) Import(data []byte) error {
	entries, err := parseExport(data)
	if err != nil {
		return err
	}
	if c == nil || c.size < 1 {
		return nil
	}
	for _, en := range entries {
		c.add(en)
	}
	return nil
}

func parseExport(data []byte) ([]entry, error) {
	if len(data) < len(cacheMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, ErrCacheFile
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, ErrCacheFile
	}
	r := exportReader{b: body[len(cacheMagic):]}
	var entries []entry
	for len(r.b) > 0 && r.err == nil {
		entries = append(entries, r.entry())
	}
	if r.err != nil {
		return nil, r.err
	}
	return entries, nil
}

// exportReader reads entries, keeping the first error.
type exportReader struct {
	b   []byte
	err error
}

func (r *exportReader) entry() entry {
	var en entry
	key := r.take(len(en.key) + 1)
	if r.err != nil {
		return en
	}
	copy(en.key[:], key)
	switch key[len(en.key)] {
	case 0:
		return en
	case 1:
	default:
		r.err = ErrCacheFile
		return en
	}
	it := r.uvarint()
	cr := &Credentials{Iterations: int(it)}
	for _, f := range []*[]byte{&cr.Salt, &cr.SHA1.StoredKey, &cr.SHA1.ServerKey, &cr.SHA256.StoredKey, &cr.SHA256.ServerKey} {
		n := r.uvarint()
		if n > maxExportField {
			r.err = ErrCacheFile
		}
		*f = append([]byte(nil), r.take(int(n))...)
	}
	if it < MinIterations || it > 1<<31 {
		r.err = ErrCacheFile
	}
	en.creds = cr
	return en
}

func (r *exportReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = ErrCacheFile
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *exportReader) take(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = ErrCacheFile
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}
