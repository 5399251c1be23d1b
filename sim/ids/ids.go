package ids

import (
	"encoding/base64"
	"encoding/hex"
	"math/rand/v2"
)

// Source is a seeded, deterministic source of identifiers. It is not safe
// for concurrent use: the engine owns one and uses it from its single
// goroutine.
type Source struct {
	r *rand.Rand
}

// New returns a Source seeded with seed.
func New(seed uint64) *Source {
	return &Source{r: rand.New(rand.NewPCG(seed, seed^0x5e55_10f5_c0fe))}
}

// Read fills p with pseudo-random bytes. It always returns len(p), nil, so a
// Source can stand where an io.Reader is wanted.
func (s *Source) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		v := s.r.Uint64()
		for j := 0; j < 8 && i+j < len(p); j++ {
			p[i+j] = byte(v >> (8 * j))
		}
	}
	return len(p), nil
}

// Bytes returns n pseudo-random bytes.
func (s *Source) Bytes(n int) []byte {
	b := make([]byte, n)
	_, _ = s.Read(b)
	return b
}

// UUID returns a random (version 4, variant 1) UUID in its canonical
// lower-case form, as Prosody's util.uuid.generate does.
func (s *Source) UUID() string {
	b := s.Bytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// Short returns Prosody's util.id.short: 9 random bytes in base64url, 12
// characters from [A-Za-z0-9_-].
func (s *Source) Short() string {
	return base64.RawURLEncoding.EncodeToString(s.Bytes(9))
}

// Hex returns n random bytes as 2n lower-case hexadecimal digits.
func (s *Source) Hex(n int) string {
	return hex.EncodeToString(s.Bytes(n))
}

// IntN returns a pseudo-random int in [0, n). It panics if n <= 0, like
// math/rand/v2; callers pass constants.
func (s *Source) IntN(n int) int {
	return s.r.IntN(n)
}
