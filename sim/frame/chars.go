package frame

import (
	"bytes"
	"unicode/utf8"
)

// mode says which character data rules decode applies.
type mode uint8

const (
	modeText  mode = iota // element content: entities, no "]]>", CR LF -> LF
	modeAttr              // attribute value: entities, whitespace -> space
	modeCDATA             // CDATA section: CR LF -> LF only
)

// Byte classes for ASCII.
const (
	plain     = 1 << iota // character data needing no attention
	nameStart             // may start a name
	nameChar              // may continue a name
)

var class = func() (t [utf8.RuneSelf]uint8) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = plain
	}
	t['&'], t[']'], t['<'] = 0, 0, 0
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= nameStart | nameChar
		t[c-'a'+'A'] |= nameStart | nameChar
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= nameChar
	}
	t['_'] |= nameStart | nameChar
	t[':'] |= nameStart | nameChar
	t['-'] |= nameChar
	t['.'] |= nameChar
	return t
}()

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isAllSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

// space skips whitespace and reports whether there was any.
func (p *parser) space() bool {
	from := p.pos
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
	return p.pos > from
}

// qname reads a qualified name: NCName or NCName ':' NCName.
func (p *parser) qname() (name []byte, colon int, err error) {
	start, colon := p.pos, -1
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		first := p.pos == start || p.pos == start+colon+1
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(p.src[p.pos:])
			if n == 1 || !isNameRune(r, first) {
				return nil, 0, notWellFormed("bad character in name")
			}
			p.pos += n
			continue
		}
		switch {
		case c == ':':
			if colon >= 0 || first {
				return nil, 0, notWellFormed("bad qualified name")
			}
			colon = p.pos - start
		case first && class[c]&nameStart == 0, class[c]&nameChar == 0:
			return p.endQName(start, colon)
		}
		p.pos++
	}
	return p.endQName(start, colon)
}

func (p *parser) endQName(start, colon int) ([]byte, int, error) {
	name := p.src[start:p.pos]
	if len(name) == 0 || colon == len(name)-1 {
		return nil, 0, notWellFormed("missing or bad name")
	}
	return name, colon, nil
}

// isNameRune applies the XML 1.0 (fifth edition) NameStartChar and
// NameChar productions to a non-ASCII rune.
func isNameRune(r rune, first bool) bool {
	switch {
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r == 0x200C, r == 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	case r == 0xB7, r >= 0x300 && r <= 0x36F, r == 0x203F, r == 0x2040:
		return !first
	}
	return false
}

// isChar reports whether r is an XML 1.0 Char.
func isChar(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r == '\t', r == '\n', r == '\r':
		return true
	case r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// decode validates character data and returns its value: entities
// replaced, line ends normalised, and in attributes whitespace turned into
// spaces. Input needing no change is returned without copying twice.
func (p *parser) decode(b []byte, m mode) (string, error) {
	out, last, i := p.scratch[:0], 0, 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf && class[c]&plain != 0 {
			i++
			continue
		}
		if c == '&' && m != modeCDATA {
			r, n, err := entity(b[i:])
			if err != nil {
				return "", err
			}
			out = utf8.AppendRune(append(out, b[last:i]...), r)
			i += n
			last = i
			continue
		}
		n, rep, err := special(b[i:], m)
		if err != nil {
			return "", err
		}
		if rep != nil {
			out = append(append(out, b[last:i]...), rep...)
			last = i + n
		}
		i += n
	}
	p.scratch = out
	if last == 0 {
		return string(b), nil
	}
	return string(append(out, b[last:]...)), nil
}

var (
	repSpace = []byte{' '}
	repLF    = []byte{'\n'}
	repNone  = []byte{}
)

// special handles the byte at b[0] that is not plain ASCII. It returns how
// many bytes it covers and, when they must change, their replacement.
func special(b []byte, m mode) (int, []byte, error) {
	switch c := b[0]; {
	case c >= utf8.RuneSelf:
		r, n := utf8.DecodeRune(b)
		if (r == utf8.RuneError && n == 1) || !isChar(r) {
			return 0, nil, notWellFormed("invalid UTF-8 or character")
		}
		return n, nil, nil
	case c == ']' || c == '&':
		if m == modeText && bytes.HasPrefix(b, []byte("]]>")) {
			return 0, nil, notWellFormed("']]>' in text")
		}
		return 1, nil, nil
	case c == '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 1, repNone, nil // the '\n' that follows stands for both
		}
		if m == modeAttr {
			return 1, repSpace, nil
		}
		return 1, repLF, nil
	case c == '\t' || c == '\n':
		if m == modeAttr {
			return 1, repSpace, nil
		}
		return 1, nil, nil
	case c == '<' && m == modeCDATA:
		return 1, nil, nil
	}
	return 0, nil, notWellFormed("invalid character")
}

// entity reads an entity or character reference "&name;" or "&#n;" or
// "&#xh;" at b[0] and returns the character and the reference's length. Only the five
// predefined entities exist in XMPP.
func entity(b []byte) (rune, int, error) {
	end := bytes.IndexByte(b[:min(len(b), 32)], ';')
	if end < 0 {
		return 0, 0, notWellFormed("bad entity reference")
	}
	name := b[1:end]
	switch string(name) {
	case "lt":
		return '<', end + 1, nil
	case "gt":
		return '>', end + 1, nil
	case "amp":
		return '&', end + 1, nil
	case "quot":
		return '"', end + 1, nil
	case "apos":
		return '\'', end + 1, nil
	}
	r, ok := charRef(name)
	switch {
	case !ok && len(name) > 0 && name[0] == '#':
		return 0, 0, notWellFormed("bad character reference &" + string(name) + ";")
	case !ok:
		return 0, 0, notWellFormed("undefined entity &" + string(name) + ";")
	}
	return r, end + 1, nil
}

// charRef decodes "#123" or "#x7B" into an XML character.
func charRef(s []byte) (rune, bool) {
	if len(s) < 2 || s[0] != '#' {
		return 0, false
	}
	base, digits := 10, s[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		d := digitValue(c)
		if d < 0 || d >= base {
			return 0, false
		}
		r = r*rune(base) + rune(d)
		if r > utf8.MaxRune {
			return 0, false
		}
	}
	return r, isChar(r)
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
