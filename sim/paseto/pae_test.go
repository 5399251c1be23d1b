package paseto_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/sessionscope/sessionscope/sim/paseto"
)

// TestPAESpecExamples checks the examples given in the PASETO specification.
func TestPAESpecExamples(t *testing.T) {
	tests := []struct {
		name   string
		pieces [][]byte
		want   string
	}{
		{"no-pieces", nil, "0000000000000000"},
		{"one-empty", [][]byte{{}}, "0100000000000000" + "0000000000000000"},
		{"test", [][]byte{[]byte("test")}, "0100000000000000" + "0400000000000000" + "74657374"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hex.EncodeToString(paseto.PAE(tc.pieces...)); got != tc.want {
				t.Fatalf("PAE = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestPAELongPieces checks full 64-bit lengths for pieces of 127 bytes and
// more, where Prosody's 7-bit mask would encode 128 as 0 and 200 as 72.
func TestPAELongPieces(t *testing.T) {
	for _, n := range []int{127, 128, 129, 200, 255, 256, 1000, 70000} {
		t.Run(hex.EncodeToString(binary.BigEndian.AppendUint32(nil, uint32(n))), func(t *testing.T) {
			piece := bytes.Repeat([]byte{'x'}, n)
			got := paseto.PAE(piece, []byte("y"))
			if len(got) != 8+8+n+8+1 {
				t.Fatalf("length %d", len(got))
			}
			if c := binary.LittleEndian.Uint64(got[0:]); c != 2 {
				t.Fatalf("count %d", c)
			}
			if l := binary.LittleEndian.Uint64(got[8:]); l != uint64(n) {
				t.Fatalf("encoded length %d, want %d", l, n)
			}
			if !bytes.Equal(got[16:16+n], piece) || binary.LittleEndian.Uint64(got[16+n:]) != 1 {
				t.Fatal("pieces misplaced")
			}
		})
	}
}
