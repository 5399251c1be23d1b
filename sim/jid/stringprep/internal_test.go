package stringprep

import (
	"testing"
	"unicode/utf8"
)

// TestASCIIFastPath checks that the ASCII table agrees with the general
// path for every ASCII byte in every profile.
func TestASCIIFastPath(t *testing.T) {
	for name, p := range map[string]*profile{
		"nameprep": nameprep, "nodeprep": nodeprep, "resourceprep": resourceprep, "saslprep": saslprep,
	} {
		t.Run(name, func(t *testing.T) {
			for c := 1; c < utf8.RuneSelf; c++ {
				s := "a" + string(rune(c)) + "Z"
				fast, fastOK, ascii := p.prepareASCII(s)
				slow := p.normalize(p.mapAll(s))
				slowOK := p.allowed(slow, true) && bidiOK(slow)
				if !ascii || fastOK != slowOK || (fastOK && fast != slow) {
					t.Errorf("%q: fast %q %v, slow %q %v", s, fast, fastOK, slow, slowOK)
				}
			}
		})
	}
}
