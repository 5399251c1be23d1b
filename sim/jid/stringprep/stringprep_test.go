package stringprep_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/jid/stringprep"
)

func TestProfiles(t *testing.T) {
	type prep func(string, bool) (string, bool)
	nameprep, nodeprep := stringprep.Nameprep, stringprep.Nodeprep
	resourceprep, saslprep := stringprep.Resourceprep, stringprep.Saslprep
	for name, tc := range map[string]struct {
		f      prep
		in     string
		strict bool
		want   string
		ok     bool
	}{
		"nameprep lowercases":        {nameprep, "LocalHost", false, "localhost", true},
		"nameprep allows ASCII ctrl": {nameprep, "a\x01b", false, "a\x01b", true},
		"nameprep allows space":      {nameprep, "a b", false, "a b", true},
		"nameprep NFKC nbsp":         {nameprep, "a\u00a0b", false, "a b", true},
		"nodeprep folds":             {nodeprep, "ROMEO", false, "romeo", true},
		"nodeprep sharp s":           {nodeprep, "ß", false, "ss", true},
		"nodeprep rejects space":     {nodeprep, "a b", false, "", false},
		"nodeprep rejects at":        {nodeprep, "a@b", false, "", false},
		"nodeprep allows comma":      {nodeprep, "a,b=c", false, "a,b=c", true},
		"resourceprep keeps case":    {resourceprep, "Home PC", false, "Home PC", true},
		"resourceprep rejects tab":   {resourceprep, "a\tb", false, "", false},
		"resourceprep private use":   {resourceprep, "\ue000", false, "", false},
		"saslprep nbsp to space":     {saslprep, "a\u00a0b", false, "a b", true},
		"saslprep soft hyphen":       {saslprep, "I\u00adX", false, "IX", true},
		"saslprep roman numeral":     {saslprep, "\u2168", false, "IX", true},
		"saslprep rejects ctrl":      {saslprep, "\u0007", false, "", false},
		"saslprep bidi violation":    {saslprep, "\u0627\u0031", false, "", false},
		"unassigned non-strict":      {saslprep, "\u0221", false, "\u0221", true},
		"unassigned strict":          {saslprep, "\u0221", true, "", false},
		"NUL rejected":               {resourceprep, "a\x00", false, "", false},
		"invalid UTF-8":              {resourceprep, "\xc3", false, "", false},
		"1023 bytes":                 {resourceprep, strings.Repeat("x", 1023), false, strings.Repeat("x", 1023), true},
		"1024 bytes":                 {resourceprep, strings.Repeat("x", 1024), false, "", false},
		"output grows past limit":    {resourceprep, strings.Repeat("\u3300", 100), false, "", false},
		"empty":                      {nodeprep, "", false, "", true},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := tc.f(tc.in, tc.strict)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %q %v, want %q %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func ExampleNodeprep() {
	fmt.Println(stringprep.Nodeprep("Romeo", false))
	fmt.Println(stringprep.Nodeprep("rom eo", false))
	// Output:
	// romeo true
	//  false
}
