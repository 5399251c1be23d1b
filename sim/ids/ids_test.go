package ids_test

import (
	"regexp"
	"testing"

	"github.com/sessionscope/sessionscope/sim/ids"
)

func TestSameSeedSameValues(t *testing.T) {
	a, b := ids.New(42), ids.New(42)
	for i := 0; i < 100; i++ {
		if x, y := a.UUID(), b.UUID(); x != y {
			t.Fatalf("draw %d: %s != %s", i, x, y)
		}
	}
	if ids.New(1).UUID() == ids.New(2).UUID() {
		t.Fatal("different seeds gave the same UUID")
	}
}

func TestFormats(t *testing.T) {
	s := ids.New(7)
	tests := []struct {
		name string
		draw func() string
		re   string
	}{
		{"uuid v4", s.UUID, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{"short", s.Short, `^[A-Za-z0-9_-]{12}$`},
		{"hex", func() string { return s.Hex(6) }, `^[0-9a-f]{12}$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			re := regexp.MustCompile(tc.re)
			for i := 0; i < 200; i++ {
				if v := tc.draw(); !re.MatchString(v) {
					t.Fatalf("%q does not match %s", v, tc.re)
				}
			}
		})
	}
}
