package paseto

import (
	"bytes"
	"unicode/utf8"
)

// maxJSONDepth bounds object and array nesting in payloads, as the
// specification recommends for untrusted JSON.
const maxJSONDepth = 256

// smallObject is the number of members an object may have before duplicate
// detection switches from a linear scan to a map.
const smallObject = 16

// checkJSONObject reports whether b is exactly one JSON object (RFC 8259,
// surrounding white space allowed), in valid UTF-8, nested at most
// maxJSONDepth deep, in which no object at any depth repeats a member name.
// Names are compared after unescaping, so "a" and "\u0061" are duplicates.
func checkJSONObject(b []byte) error {
	if !utf8.Valid(b) {
		return fail(RulePayloadJSON, "payload is not valid UTF-8")
	}
	s := jsonScanner{b: b}
	s.space()
	if s.peek() != '{' {
		return fail(RulePayloadJSON, "payload is not a JSON object")
	}
	if err := s.value(); err != nil {
		return err
	}
	s.space()
	if s.i != len(s.b) {
		return s.syntax("data after the top-level object")
	}
	return s.dup // a repeated name counts only in JSON that is valid
}

// jsonScanner is a small validating JSON scanner that also detects
// duplicate member names without building any values.
type jsonScanner struct {
	b     []byte
	i     int
	depth int
	keys  [][]byte // member names of the open objects, innermost last
	dup   error    // the first repeated member name, reported once the rest is known valid
}

// peek returns the current byte, or 0 at the end of input.
func (s *jsonScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// space skips JSON white space.
func (s *jsonScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) syntax(what string) error {
	return failf(RulePayloadJSON, "payload is not valid JSON: %s at offset %d", what, s.i)
}

// value scans one JSON value starting at the current byte.
func (s *jsonScanner) value() error {
	switch c := s.peek(); {
	case c == '{' || c == '[':
		return s.nested(c == '{')
	case c == '"':
		_, _, err := s.str()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.syntax("unexpected character")
}

// nested scans an object or array one level deeper, enforcing
// maxJSONDepth.
func (s *jsonScanner) nested(object bool) error {
	if s.depth >= maxJSONDepth {
		return s.syntax("nesting too deep")
	}
	s.depth++
	var err error
	if object {
		err = s.object()
	} else {
		err = s.array()
	}
	s.depth--
	return err
}

func (s *jsonScanner) literal(word string) error {
	if !bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		return s.syntax("bad literal")
	}
	s.i += len(word)
	return nil
}

// array scans "[ value, ... ]".
func (s *jsonScanner) array() error {
	s.i++
	s.space()
	if s.peek() == ']' {
		s.i++
		return nil
	}
	for {
		s.space()
		if err := s.value(); err != nil {
			return err
		}
		s.space()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.syntax("expected ',' or ']'")
		}
	}
}

// object scans "{ name: value, ... }" and rejects repeated names.
func (s *jsonScanner) object() error {
	s.i++
	s.space()
	if s.peek() == '}' {
		s.i++
		return nil
	}
	d := dupSet{base: len(s.keys)}
	err := s.members(&d)
	s.keys = s.keys[:d.base]
	return err
}

// members scans the members of an object up to and including its '}'.
func (s *jsonScanner) members(d *dupSet) error {
	for {
		if err := s.member(d); err != nil {
			return err
		}
		s.space()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.syntax("expected ',' or '}'")
		}
	}
}

// member scans one "name: value" pair of an object.
func (s *jsonScanner) member(d *dupSet) error {
	s.space()
	if s.peek() != '"' {
		return s.syntax("expected member name")
	}
	name, escaped, err := s.str()
	if err != nil {
		return err
	}
	if escaped {
		name = unescape(name)
	}
	if err := d.add(s, name); err != nil && s.dup == nil {
		s.dup = err
	}
	s.space()
	if s.peek() != ':' {
		return s.syntax("expected ':'")
	}
	s.i++
	s.space()
	return s.value()
}
