package server

import (
	"regexp"
	"testing"
)

// TestNumberScanners compares each scanner with the regular expression it
// replaces, on hand-picked strings and on every short string over the
// characters that matter.
func TestNumberScanners(t *testing.T) {
	scanners := []struct {
		name string
		fn   func(string) bool
		re   *regexp.Regexp
	}{
		{"integer", isInteger, regexp.MustCompile(`^[+-]?[0-9]+$`)},
		{"hex", isLuaHex, regexp.MustCompile(`^[+-]?0[xX][0-9a-fA-F]+$`)},
		{"decimal", isLuaDecimal, regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)},
	}
	cases := []string{"", "+", "-", "1", "-12", "+0", "1.", ".5", ".", "1.5e3", "1e", "1e+", "1e-5", "e5",
		"0x", "0x1F", "-0XaB", "0x1g", "1.2.3", " 1", "1 ", "٣", "1e5.0", "+-1"}
	const alphabet = "0x.e+-a"
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		cases = append(cases, prefix)
		if n == 0 {
			return
		}
		for i := range len(alphabet) {
			gen(prefix+alphabet[i:i+1], n-1)
		}
	}
	gen("", 5)
	for _, sc := range scanners {
		t.Run(sc.name, func(t *testing.T) {
			for _, c := range cases {
				if got, want := sc.fn(c), sc.re.MatchString(c); got != want {
					t.Errorf("%q: got %v, the pattern says %v", c, got, want)
				}
			}
		})
	}
}
