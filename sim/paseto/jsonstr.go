package paseto

import "encoding/json"

// dupSet tracks the member names of one object: s.keys[base:] while the
// object is small, then a map.
type dupSet struct {
	base int
	big  map[string]struct{}
}

// add records name, failing with RuleDuplicateKey if it was already seen.
func (d *dupSet) add(s *jsonScanner, name []byte) error {
	if d.big != nil {
		if _, dup := d.big[string(name)]; dup {
			return dupError(name)
		}
		d.big[string(name)] = struct{}{}
		return nil
	}
	for _, k := range s.keys[d.base:] {
		if string(k) == string(name) {
			return dupError(name)
		}
	}
	s.keys = append(s.keys, name)
	if len(s.keys)-d.base > smallObject {
		d.big = make(map[string]struct{}, 2*smallObject)
		for _, k := range s.keys[d.base:] {
			d.big[string(k)] = struct{}{}
		}
	}
	return nil
}

func dupError(name []byte) error {
	if len(name) > 64 {
		name = append(name[:64:64], "..."...)
	}
	return failf(RuleDuplicateKey, "member name %q appears twice in one object", name)
}

// str scans a string starting at its opening quote and returns its raw
// contents (without quotes) and whether it contains escapes.
func (s *jsonScanner) str() (raw []byte, escaped bool, err error) {
	s.i++
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw = s.b[start:s.i]
			s.i++
			return raw, escaped, nil
		case c == '\\':
			escaped = true
			if err := s.escape(); err != nil {
				return nil, false, err
			}
		case c < 0x20:
			return nil, false, s.syntax("control character in string")
		default:
			s.i++
		}
	}
	return nil, false, s.syntax("unterminated string")
}

// escape scans one backslash escape sequence.
func (s *jsonScanner) escape() error {
	s.i++
	switch s.peek() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i++
		return nil
	case 'u':
		s.i++
		for range 4 {
			if !isHex(s.peek()) {
				return s.syntax("bad \\u escape")
			}
			s.i++
		}
		return nil
	}
	return s.syntax("bad escape")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number scans -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() error {
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case c >= '1' && c <= '9':
		s.digits()
	default:
		return s.syntax("bad number")
	}
	if s.peek() == '.' {
		s.i++
		if !s.digits() {
			return s.syntax("bad fraction")
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if !s.digits() {
			return s.syntax("bad exponent")
		}
	}
	return nil
}

// digits skips one or more digits and reports whether there was any.
func (s *jsonScanner) digits() bool {
	start := s.i
	for isDigit(s.peek()) {
		s.i++
	}
	return s.i > start
}

// unescape decodes the raw contents of an already validated JSON string
// containing escapes, the way encoding/json does (lone surrogates become
// U+FFFD).
func unescape(raw []byte) []byte {
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var out string
	if json.Unmarshal(quoted, &out) != nil {
		return raw // unreachable for validated input; compare raw bytes
	}
	return []byte(out)
}
