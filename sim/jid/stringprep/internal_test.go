package stringprep

import (
	"testing"
	"unicode"
	"unicode/utf8"

	xs "github.com/xdg-go/stringprep"
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

// TestTablesMatchLibrary checks every generated table against
// github.com/xdg-go/stringprep, code point by code point.
func TestTablesMatchLibrary(t *testing.T) {
	sets := []struct {
		name string
		ours set
		lib  xs.Set
	}{
		{"A.1", tableA1, xs.TableA1}, {"C.1.1", tableC1_1, xs.TableC1_1}, {"C.1.2", tableC1_2, xs.TableC1_2},
		{"C.2.1", tableC2_1, xs.TableC2_1}, {"C.2.2", tableC2_2, xs.TableC2_2}, {"C.3", tableC3, xs.TableC3},
		{"C.4", tableC4, xs.TableC4}, {"C.5", tableC5, xs.TableC5}, {"C.6", tableC6, xs.TableC6},
		{"C.7", tableC7, xs.TableC7}, {"C.8", tableC8, xs.TableC8}, {"C.9", tableC9, xs.TableC9},
		{"D.1", tableD1, xs.TableD1}, {"D.2", tableD2, xs.TableD2},
	}
	maps := []struct {
		name string
		ours mapping
		lib  xs.Mapping
	}{{"B.1", tableB1, xs.TableB1}, {"B.2", tableB2, xs.TableB2}}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		for _, s := range sets {
			if s.ours.contains(r) != s.lib.Contains(r) {
				t.Fatalf("table %s, %U: ours %v", s.name, r, s.ours.contains(r))
			}
		}
		for _, m := range maps {
			got, gotOK := m.ours.lookup(r)
			want, wantOK := m.lib.Map(r)
			if gotOK != wantOK || got != string(want) {
				t.Fatalf("table %s, %U: ours %q %v, library %q %v", m.name, r, got, gotOK, string(want), wantOK)
			}
		}
	}
}
