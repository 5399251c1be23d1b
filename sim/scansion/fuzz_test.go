package scansion_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

// FuzzParse checks that Parse never panics and that a script it accepts
// survives Format and Parse unchanged (apart from line numbers). The seed
// corpus is the six Prosody scripts plus testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, file := range prosodyScripts {
		f.Add(readScript(f, file))
	}
	f.Add([]byte(constructedText))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := scansion.Parse("fuzz.scs", src)
		if err != nil {
			return
		}
		text := scansion.Format(s)
		back, err := scansion.Parse("formatted.scs", text)
		if err != nil {
			t.Fatalf("Parse(Format(s)): %v\n%q", err, text)
		}
		if got, want := withoutLines(back), withoutLines(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(Format(s)) =\n%#v\nwant\n%#v", got, want)
		}
		if again := scansion.Format(back); !bytes.Equal(again, text) {
			t.Fatalf("Format not stable:\n%q\n%q", text, again)
		}
	})
}

// FuzzMatch checks that matching never panics on any pair of payloads.
func FuzzMatch(f *testing.F) {
	f.Add("<iq type='result' id='{scansion:any}'><query xmlns='jabber:iq:roster'/></iq>",
		"<iq type='result' id='x'><query xmlns='jabber:iq:roster' ver='1'/></iq>")
	f.Add("<message><body>Hi</body><a/><a x='1'/></message>", "<message><a x='1'/><body>Hi</body><a/></message>")
	f.Fuzz(func(t *testing.T, expected, actual string) {
		exp, err1 := scansion.ParseStanzas(expected)
		act, err2 := scansion.ParseStanzas(actual)
		if err1 != nil || err2 != nil {
			return
		}
		if err := scansion.Match(exp[0], exp[0]); err != nil && !bytes.Contains([]byte(expected), []byte("scansion")) {
			t.Errorf("an element without scansion attributes does not match itself: %v", err)
		}
		_ = scansion.Match(exp[0], act[0])
		_ = scansion.Pretty(act[0])
	})
}
