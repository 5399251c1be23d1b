package scansion_test

import (
	"errors"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scansion"
)

func TestSplitVar(t *testing.T) {
	tests := []struct {
		name, in, client, prop string
		ok                     bool
	}{
		{"bare JID", "Romeo's JID", "Romeo", "JID", true},
		{"full JID", "Romeo's full JID", "Romeo", "full JID", true},
		{"name with apostrophe", "Juliet's phone's full JID", "Juliet's phone", "full JID", true},
		{"no property", "Romeo", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p, ok := scansion.SplitVar(tt.in)
			if c != tt.client || p != tt.prop || ok != tt.ok {
				t.Errorf("SplitVar(%q) = %q, %q, %v; want %q, %q, %v", tt.in, c, p, ok, tt.client, tt.prop, tt.ok)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{
		"Romeo's JID":               "romeo@localhost",
		"Romeo's full JID":          "romeo@localhost/abc",
		"Juliet's phone's full JID": "juliet@localhost/mobile",
		"Odd's full JID":            `odd@localhost/a"b&c`,
	}
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
	tests := []struct {
		name, in, want, err string
	}{
		{"none", `<presence/>`, `<presence/>`, ""},
		{"two variables", `<message from="${Romeo's full JID}" to="${Juliet's phone's full JID}"/>`,
			`<message from="romeo@localhost/abc" to="juliet@localhost/mobile"/>`, ""},
		{"bare JID", `<presence to="${Romeo's JID}"/>`, `<presence to="romeo@localhost"/>`, ""},
		{"escaped value", `<presence to="${Odd's full JID}"/>`, `<presence to="odd@localhost/a&quot;b&amp;c"/>`, ""},
		{"unknown variable", `<presence to="${Tybalt's JID}"/>`, "", "unknown variable ${Tybalt's JID}"},
		{"unterminated", `<presence to="${Romeo's JID"/>`, "", "unterminated variable: expected '}' after '${'"},
		{"nil lookup", `<presence to="${Romeo's JID}"/>`, "", "unknown variable ${Romeo's JID}"},
		{"brace on next line", "<presence to=\"${Romeo's\nJID}\"/>", "", "unterminated variable: expected '}' after '${'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := lookup
			if tt.name == "nil lookup" {
				l = nil
			}
			got, err := scansion.Expand(tt.in, l)
			if errString(err) != tt.err || got != tt.want {
				t.Fatalf("Expand = %q, %v; want %q, %q", got, err, tt.want, tt.err)
			}
			if tt.name == "unknown variable" && !errors.Is(err, scansion.ErrUnknownVariable) {
				t.Errorf("error %v does not wrap ErrUnknownVariable", err)
			}
		})
	}
}
