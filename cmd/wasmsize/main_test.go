package main

import (
	"bytes"
	"github.com/sessionscope/sessionscope/cmd/internal/wasmbin"
	"strings"
	"testing"
)

func TestPkgOf(t *testing.T) {
	known := wasmNames([]string{"net/http", "net", "github.com/beevik/etree", "slices", "runtime"})
	tests := []struct{ name, sym, want string }{
		{"a method on a pointer", "net_http.__Client_.Do", "net/http"},
		{"the longest package", "net_http.Get", "net/http"},
		{"a dotted host", "github.com_beevik_etree.__Element_.Tag", "github.com/beevik/etree"},
		{"a generic instance", "slices.SortFunc_go.shape.struct__github.com_beevik_etree.x_", "slices"},
		{"the command", "main.main", "main (the command built, ./wasm)"},
		{"generated", "type_.eq.net_http.Header", "type: (equality and hash functions the compiler generates)"},
		{"unknown", "vendor_x.F", "vendor_x"},
		{"no dot", "go_buildid", "go_buildid"},
		{"unnamed", "", "(unnamed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pkgOf(tt.sym, known); got != tt.want {
				t.Fatalf("pkgOf(%q) = %q, want %q", tt.sym, got, tt.want)
			}
		})
	}
}

// section frames a section's body with its id and size.
func section(id byte, body ...byte) []byte {
	return append([]byte{id, byte(len(body))}, body...)
}

func name(s string) []byte { return append([]byte{byte(len(s))}, s...) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// A module with one imported function and two bodies of 3 and 5 bytes,
// named for two packages.
func TestAnalyse(t *testing.T) {
	imports := cat([]byte{1}, name("go"), name("debug"), []byte{0, 0})
	code := cat([]byte{2}, []byte{2, 0, 0x0b}, []byte{4, 0, 1, 1, 0x0b})
	names := cat(name("name"), []byte{1, 0}, []byte{2}, []byte{1}, name("net_http.Get"), []byte{2}, name("main.main"))
	names[len(name("name"))+1] = byte(len(names) - len(name("name")) - 2)
	mod := cat([]byte("\x00asm\x01\x00\x00\x00"), section(wasmbin.SecImport, imports...), section(wasmbin.SecCode, code...),
		section(wasmbin.SecData, 0), section(wasmbin.SecCustom, names...))
	r, err := analyse(mod, wasmNames([]string{"net/http"}))
	if err != nil {
		t.Fatal(err)
	}
	if r.packages["net/http"] != 3 || r.packages["main (the command built, ./wasm)"] != 5 || len(r.packages) != 2 {
		t.Fatalf("packages %v", r.packages)
	}
	if r.total != len(mod) || r.code != len(section(wasmbin.SecCode, code...)) || r.data != 3 {
		t.Fatalf("total %d code %d data %d", r.total, r.code, r.data)
	}
	var out strings.Builder
	r.print(&out, 1)
	if !strings.Contains(out.String(), "main (the command built, ./wasm)") || !strings.Contains(out.String(), "(1 more packages)") {
		t.Fatalf("report:\n%s", out.String())
	}
	for _, bad := range [][]byte{[]byte("nope"), mod[:len(mod)-3]} {
		if _, err := analyse(bad, nil); err == nil {
			t.Fatalf("%q was read", bad)
		}
	}
}
