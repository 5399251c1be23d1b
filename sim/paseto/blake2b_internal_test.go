package paseto

import (
	"bytes"
	"encoding/hex"
	"testing"

	"golang.org/x/crypto/blake2b"
)

// TestBlake2bRFC7693 checks the RFC 7693 appendix A example, BLAKE2b-512("abc").
func TestBlake2bRFC7693(t *testing.T) {
	want := "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
		"7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
	if got := hex.EncodeToString(blake2bSum([]byte("abc"), 64)); got != want {
		t.Fatalf("got %s", got)
	}
}

// TestBlake2bAgainstXCrypto compares every length from 0 to 400 bytes
// (crossing several 128-byte block boundaries) and several digest sizes.
func TestBlake2bAgainstXCrypto(t *testing.T) {
	msg := make([]byte, 400)
	for i := range msg {
		msg[i] = byte(i*7 + 3)
	}
	tests := []struct {
		name string
		size int
	}{{"blake2b-8", 1}, {"blake2b-256", 32}, {"blake2b-264", 33}, {"blake2b-512", 64}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for n := 0; n <= len(msg); n++ {
				h, err := blake2b.New(tc.size, nil)
				if err != nil {
					t.Fatal(err)
				}
				h.Write(msg[:n])
				if got := blake2bSum(msg[:n], tc.size); !bytes.Equal(got, h.Sum(nil)) {
					t.Fatalf("len %d: mismatch", n)
				}
			}
		})
	}
}
