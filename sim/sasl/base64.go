package sasl

// b64Alphabet is the standard base64 alphabet.
const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// b64Value maps a byte to its base64 value, or -1.
var b64Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := range len(b64Alphabet) {
		t[b64Alphabet[i]] = int8(i)
	}
	return t
}()

// luaBase64Decode decodes like Prosody's util.encodings.base64.decode: it
// skips \n \r \t space \f \b, flushes a partial group at each '=', drops a
// partial group at the end, stops at a NUL byte, and fails (nil in Prosody)
// on any other byte outside the alphabet.
func luaBase64Decode(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s)*3/4)
	var t [4]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 0:
			return out, true
		case '=':
			out, n = flushGroup(out, t, n), 0
		case '\n', '\r', '\t', ' ', '\f', '\b':
		default:
			v := b64Value[c]
			if v < 0 {
				return nil, false
			}
			t[n] = byte(v)
			if n++; n == 4 {
				out, n = flushGroup(out, t, 4), 0
			}
		}
	}
	return out, true
}

// flushGroup appends the n-1 bytes a group of n sextets yields; missing
// sextets count as zero.
func flushGroup(out []byte, t [4]byte, n int) []byte {
	for i := n; i < 4; i++ {
		t[i] = 0
	}
	tuple := uint32(t[0])<<18 | uint32(t[1])<<12 | uint32(t[2])<<6 | uint32(t[3])
	b := [3]byte{byte(tuple >> 16), byte(tuple >> 8), byte(tuple)}
	return append(out, b[:max(n-1, 0)]...)
}
