package stringprep

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxLen is libidn's buffer size in util-src/encodings.c: input and output
// must both be strictly shorter.
const maxLen = 1024

// asciiRule is the precomputed effect of a profile on one ASCII byte.
type asciiRule struct {
	to  byte // mapped byte
	bad bool // prohibited after mapping
}

// profile is one RFC 3454 profile: mapping tables, prohibited sets and an
// ASCII fast path derived from them.
type profile struct {
	maps     []mapping
	prohibit []set
	ascii    [utf8.RuneSelf]asciiRule
}

// newProfile builds a profile and its ASCII table. Every profile here maps
// ASCII to at most one ASCII byte and leaves ASCII unchanged under NFKC and
// the bidi rule, which the fast path relies on; TestASCIIFastPath checks it.
func newProfile(maps []mapping, prohibit []set) *profile {
	p := &profile{maps: maps, prohibit: prohibit}
	for c := range utf8.RuneSelf {
		to := rune(c)
		if rs, ok := p.mapRune(to); ok && len(rs) == 1 && rs[0] < utf8.RuneSelf {
			to = rune(rs[0])
		}
		p.ascii[c] = asciiRule{to: byte(to), bad: c == 0 || p.prohibited(to)}
	}
	return p
}

// mapRune applies the first mapping table that holds r.
func (p *profile) mapRune(r rune) (string, bool) {
	for _, m := range p.maps {
		if rs, ok := m.lookup(r); ok {
			return rs, true
		}
	}
	return "", false
}

// prohibited reports whether r is in one of the profile's prohibited sets.
func (p *profile) prohibited(r rune) bool {
	for _, s := range p.prohibit {
		if s.contains(r) {
			return true
		}
	}
	return false
}

// prepare runs the profile over s with Prosody's wrapper rules.
func (p *profile) prepare(s string, strict bool) (string, bool) {
	if len(s) >= maxLen || strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
		return "", false
	}
	if out, ok, ascii := p.prepareASCII(s); ascii {
		return out, ok
	}
	out := p.normalize(p.mapAll(s))
	if !p.allowed(out, strict) || !bidiOK(out) || len(out) >= maxLen {
		return "", false
	}
	return out, true
}

// prepareASCII is the fast path for pure ASCII input. The last result is
// false when s holds a non-ASCII byte and the slow path must run.
func (p *profile) prepareASCII(s string) (out string, ok, ascii bool) {
	changed := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false, false
		}
		if p.ascii[c].bad {
			return "", false, true
		}
		changed = changed || p.ascii[c].to != c
	}
	if !changed {
		return s, true, true
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = p.ascii[c].to
	}
	return string(b), true, true
}

// mapAll applies the mapping step to every rune.
func (p *profile) mapAll(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if rs, ok := p.mapRune(r); ok {
			out = append(out, []rune(rs)...)
			continue
		}
		out = append(out, r)
	}
	return out
}

// normalize applies NFKC to the runs between code points unassigned in
// Unicode 3.2, which are copied unchanged (see the package documentation).
func (p *profile) normalize(rs []rune) string {
	var b strings.Builder
	start := 0
	for i, r := range rs {
		if tableA1.contains(r) {
			b.WriteString(norm.NFKC.String(string(rs[start:i])))
			b.WriteRune(r)
			start = i + 1
		}
	}
	b.WriteString(norm.NFKC.String(string(rs[start:])))
	return b.String()
}

// allowed checks the prohibition step, and in strict mode the unassigned
// code point step.
func (p *profile) allowed(s string, strict bool) bool {
	for _, r := range s {
		if r == 0 || p.prohibited(r) || (strict && tableA1.contains(r)) {
			return false
		}
	}
	return true
}

// bidiOK applies RFC 3454 section 6: a string holding any RandALCat code
// point may hold no LCat code point and must start and end with RandALCat.
// Prohibiting table C.8 is part of every profile's prohibited sets.
func bidiOK(s string) bool {
	hasRAL, hasL := false, false
	for _, r := range s {
		hasRAL = hasRAL || tableD1.contains(r)
		hasL = hasL || tableD2.contains(r)
	}
	if !hasRAL {
		return true
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !hasL && tableD1.contains(first) && tableD1.contains(last)
}
