package paseto

import "encoding/binary"

// PAE returns the Pre-Authentication Encoding of pieces as the PASETO
// specification defines it: LE64(number of pieces) followed, for each piece,
// by LE64(length of piece) and the piece itself. LE64 is a 64-bit
// little-endian integer with its most significant bit cleared.
//
// Unlike Prosody's util.paseto, which masks every length with 0x7F, the full
// length is encoded, so pieces of 128 bytes or more are handled correctly.
func PAE(pieces ...[]byte) []byte {
	n := 8
	for _, p := range pieces {
		n += 8 + len(p)
	}
	out := make([]byte, 0, n)
	return appendPAE(out, pieces...)
}

// appendPAE appends the PAE of pieces to dst.
func appendPAE(dst []byte, pieces ...[]byte) []byte {
	dst = appendLE64(dst, uint64(len(pieces)))
	for _, p := range pieces {
		dst = appendLE64(dst, uint64(len(p)))
		dst = append(dst, p...)
	}
	return dst
}

// appendLE64 appends n with its top bit cleared, as 8 little-endian bytes.
func appendLE64(dst []byte, n uint64) []byte {
	return binary.LittleEndian.AppendUint64(dst, n&(1<<63-1))
}
