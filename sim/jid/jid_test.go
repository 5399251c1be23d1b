package jid_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/jid"
)

type parts struct {
	node, host, resource string
	ok                   bool
}

func TestSplit(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want parts
	}{
		"bare":                 {"node@server", parts{"node", "server", "", true}},
		"full":                 {"node@server/resource", parts{"node", "server", "resource", true}},
		"host":                 {"server", parts{"", "server", "", true}},
		"host/resource":        {"server/resource", parts{"", "server", "resource", true}},
		"at in resource":       {"server/resource@foo", parts{"", "server", "resource@foo", true}},
		"slash in resource":    {"server/resource@foo/bar", parts{"", "server", "resource@foo/bar", true}},
		"resource starts @":    {"foo@example/@resource", parts{"foo", "example", "@resource", true}},
		"space in resource":    {"foo.example.com/some resource", parts{"", "foo.example.com", "some resource", true}},
		"unprepped kept":       {"Juliet@LOCALHOST/Res", parts{"Juliet", "LOCALHOST", "Res", true}},
		"empty":                {"", parts{}},
		"node@/server":         {"node@/server", parts{}},
		"@server":              {"@server", parts{}},
		"@server/resource":     {"@server/resource", parts{}},
		"@/resource":           {"@/resource", parts{}},
		"/foo":                 {"/foo", parts{}},
		"@x/foo":               {"@x/foo", parts{}},
		"host/":                {"host/", parts{}},
		"u@h/":                 {"u@h/", parts{}},
		"u@@h":                 {"u@@h", parts{}},
		"user@":                {"user@", parts{}},
		"@":                    {"@", parts{}},
		"/":                    {"/", parts{}},
		"foo@example@resource": {"foo@example@resource", parts{}},
	} {
		t.Run(name, func(t *testing.T) {
			n, h, r, ok := jid.Split(tc.in)
			if got := (parts{n, h, r, ok}); got != tc.want {
				t.Errorf("Split(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestJoin(t *testing.T) {
	for name, tc := range map[string]struct {
		node, host, resource, want string
	}{
		"full":               {"a", "b", "c", "a@b/c"},
		"bare":               {"a", "b", "", "a@b"},
		"host with resource": {"", "b", "c", "b/c"},
		"host":               {"", "b", "", "b"},
		"nothing":            {"", "", "", ""},
		"node only":          {"a", "", "", ""},
		"resource only":      {"", "", "c", ""},
		"no host":            {"a", "", "c", ""},
	} {
		t.Run(name, func(t *testing.T) {
			if got := jid.Join(tc.node, tc.host, tc.resource); got != tc.want {
				t.Errorf("Join = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBare(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"bare stays":         {"user@host", "user@host"},
		"host stays":         {"host", "host"},
		"host/resource":      {"host/resource", "host"},
		"user@host/resource": {"user@host/resource", "user@host"},
		"user@/resource":     {"user@/resource", ""},
		"@/resource":         {"@/resource", ""},
		"@/":                 {"@/", ""},
		"/":                  {"/", ""},
		"empty":              {"", ""},
		"@":                  {"@", ""},
		"user@":              {"user@", ""},
		"user@@":             {"user@@", ""},
		"user@@host":         {"user@@host", ""},
		"user@@host/r":       {"user@@host/resource", ""},
		"user@host/":         {"user@host/", ""},
	} {
		t.Run(name, func(t *testing.T) {
			if got := jid.Bare(tc.in); got != tc.want {
				t.Errorf("Bare(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPreppedSplit(t *testing.T) {
	long := strings.Repeat("a", 1024)
	for name, tc := range map[string]struct {
		in   string
		want parts
	}{
		"lowercases host and node":   {"Juliet@LOCALHOST/Res", parts{"juliet", "localhost", "Res", true}},
		"trailing dot stripped":      {"node@server.", parts{"node", "server", "", true}},
		"trailing dot with resource": {"server./r", parts{"", "server", "r", true}},
		"dot host":                   {".", parts{}},
		"dot host with node":         {"u@.", parts{}},
		"two trailing dots":          {"a..", parts{}},
		"host NFKC to an at sign":    {"\ufe6b", parts{}},
		"host NFKC to a slash":       {"a\uff0fb", parts{}},
		"node with NFKC at in host":  {"u@h\uff20x", parts{}},
		"resource NFKC to an at":     {"h/\ufe6b", parts{"", "h", "@", true}},
		"resource keeps spaces":      {"h/Some Resource", parts{"", "h", "Some Resource", true}},
		"node space":                 {"rom eo@h", parts{}},
		"node quote":                 {`a"b@h`, parts{}},
		"node ampersand":             {"a&b@h", parts{}},
		"node apostrophe":            {"a'b@h", parts{}},
		"node colon":                 {"a:b@h", parts{}},
		"node less":                  {"a<b@h", parts{}},
		"node greater":               {"a>b@h", parts{}},
		"node case fold sharp s":     {"Straße@h", parts{"strasse", "h", "", true}},
		"node NFKC":                  {"ﬀ@h", parts{"ff", "h", "", true}},
		"host NFKC fullwidth":        {"ＥＸＡＭＰＬＥ", parts{"", "example", "", true}},
		"resource NFKC":              {"h/ﬀ", parts{"", "h", "ff", true}},
		"resource control":           {"h/a\x01b", parts{}},
		"resource NUL":               {"h/a\x00b", parts{}},
		"invalid utf8":               {"h/\xff", parts{}},
		"node soft hyphen only":      {"\u00ad@h", parts{}},
		"node 1023 bytes":            {long[:1023] + "@h", parts{long[:1023], "h", "", true}},
		"node 1024 bytes":            {long + "@h", parts{}},
		"host 1024 bytes":            {long, parts{}},
		"resource 1024 bytes":        {"h/" + long, parts{}},
		"unassigned allowed":         {"h/\u0221", parts{"", "h", "\u0221", true}},
		"bidi mixed":                 {"h/\u05d0a", parts{}},
		"bidi rtl ok":                {"h/\u05d0\u05d1", parts{"", "h", "\u05d0\u05d1", true}},
		"split failure":              {"@h", parts{}},
	} {
		t.Run(name, func(t *testing.T) {
			n, h, r, ok := jid.PreppedSplit(tc.in)
			if got := (parts{n, h, r, ok}); got != tc.want {
				t.Errorf("PreppedSplit(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestPrep(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want string
		ok       bool
	}{
		"router example":   {"Juliet@LOCALHOST/Res", "juliet@localhost/Res", true},
		"malformed to":     {"@localhost", "", false},
		"host only":        {"LocalHost", "localhost", true},
		"host and dot":     {"localhost.", "localhost", true},
		"node and nothing": {"romeo@", "", false},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := jid.Prep(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Prep(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestResourceprepStrict(t *testing.T) {
	for name, tc := range map[string]struct {
		in     string
		strict bool
		want   string
		wantOK bool
	}{
		"plain strict":          {"balcony", true, "balcony", true},
		"unassigned non-strict": {"a\u0221", false, "a\u0221", true},
		"unassigned strict":     {"a\u0221", true, "", false},
		"new emoji strict":      {"\U0001F600", true, "", false},
		"new emoji non-strict":  {"\U0001F600", false, "\U0001F600", true},
		"squared A left as is":  {"\U0001F130", false, "\U0001F130", true},
		"private use strict":    {"\ue000", true, "", false},
		"empty":                 {"", true, "", false},
		"mapped to nothing":     {"\u00ad", true, "", false},
		"keeps case and space":  {"My Phone", true, "My Phone", true},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := jid.Resourceprep(tc.in, tc.strict)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Resourceprep(%q, %v) = %q, %v, want %q, %v", tc.in, tc.strict, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
