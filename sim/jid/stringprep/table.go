package stringprep

import "sort"

//go:generate go run gen.go

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// set is a table of code points, as sorted ranges.
type set []runeRange

// contains reports whether r falls in one of the set's ranges.
func (s set) contains(r rune) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].hi >= r })
	return i < len(s) && s[i].lo <= r
}

// mapEntry maps one code point to its replacement, possibly empty.
type mapEntry struct {
	from rune
	to   string
}

// mapping is a mapping table, sorted by the code point mapped.
type mapping []mapEntry

// lookup returns r's replacement, and false when r is not in the table.
func (m mapping) lookup(r rune) (string, bool) {
	i := sort.Search(len(m), func(i int) bool { return m[i].from >= r })
	if i < len(m) && m[i].from == r {
		return m[i].to, true
	}
	return "", false
}
