package paseto

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// refCheck is a slow reference for checkJSONObject built on encoding/json:
// it returns "" for an acceptable payload, or the rule that must reject it.
func refCheck(b []byte) Rule {
	if !utf8.Valid(b) || !json.Valid(b) {
		return RulePayloadJSON
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); t[0] != '{' {
		return RulePayloadJSON
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		obj, wantKey bool
		keys         map[string]bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return ""
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj {
			top := stack[n-1]
			if top.wantKey {
				if top.keys[tok.(string)] {
					return RuleDuplicateKey
				}
				top.keys[tok.(string)], top.wantKey = true, false
				continue
			}
			top.wantKey = true
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &frame{obj: d == '{', wantKey: true, keys: map[string]bool{}})
		}
	}
}

func ruleOf(err error) Rule {
	var e *Error
	if errors.As(err, &e) {
		return e.Rule
	}
	return ""
}

func TestCheckJSONObject(t *testing.T) {
	many := `{"k00":0`
	for i := 1; i < 40; i++ {
		many += `,"k` + string(rune('0'+i/10)) + string(rune('0'+i%10)) + `":0`
	}
	tests := []struct{ name, in string }{
		{"empty-object", `{}`}, {"spaces", " \t\r\n{ } \n"}, {"numbers", `{"a":[0,-0,1.5,-2e10,3E+2,4e-1]}`},
		{"leading-zero", `{"a":01}`}, {"bare-minus", `{"a":-}`}, {"dot-end", `{"a":1.}`}, {"exp-end", `{"a":1e}`},
		{"bad-escape", `{"a":"\x"}`}, {"short-u", `{"a":"\u12"}`}, {"good-escapes", `{"a":"\"\\\/\b\f\n\r\t\u00e9"}`},
		{"control-char", "{\"a\":\"\x01\"}"}, {"trailing-comma", `{"a":1,}`}, {"array-trailing-comma", `{"a":[1,]}`},
		{"literals", `{"a":true,"b":false,"c":null}`}, {"bad-literal", `{"a":tru}`}, {"key-not-string", `{1:2}`},
		{"missing-colon", `{"a" 1}`}, {"unterminated", `{"a":"b`}, {"many-keys", many + `}`},
		{"many-keys-dup-late", many + `,"k05":1}`}, {"escaped-dup", `{"\u0061":1,"a":2}`},
		{"same-key-different-objects", `{"a":{"a":1},"b":{"a":2}}`}, {"dup-in-array", `{"a":[{"x":1,"x":2}]}`},
		{"surrogate-dup", `{"\ud800":1,"\udfff":2}`}, {"nul-after", "{}\x00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := ruleOf(checkJSONObject([]byte(tc.in))), refCheck([]byte(tc.in)); got != want {
				t.Fatalf("rule %q, reference %q", got, want)
			}
		})
	}
}

func TestCheckJSONDepth(t *testing.T) {
	nest := func(n int) []byte {
		return []byte("{\"a\":" + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + "}")
	}
	tests := []struct {
		name  string
		depth int
		rule  Rule
	}{{"at-limit", maxJSONDepth, ""}, {"over-limit", maxJSONDepth + 1, RulePayloadJSON}, {"huge", 100000, RulePayloadJSON}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ruleOf(checkJSONObject(nest(tc.depth))); got != tc.rule {
				t.Fatalf("rule %q, want %q", got, tc.rule)
			}
		})
	}
}

// FuzzJSONObject compares the scanner with the encoding/json reference
// (inputs nested deeper than maxJSONDepth excepted).
func FuzzJSONObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,{"b":null}],"c":"\u0061"}`, `{"a":1,"a":2}`, `[1]`, `{"x":-1.5e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := ruleOf(checkJSONObject(b))
		if bytes.Count(b, []byte("{"))+bytes.Count(b, []byte("[")) > maxJSONDepth {
			return
		}
		if want := refCheck(b); got != want {
			t.Fatalf("%q: rule %q, reference %q", b, got, want)
		}
	})
}
