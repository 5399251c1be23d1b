// Command wasmsize reports how many bytes of a Go WebAssembly module's
// code each package takes, largest first: `make size` runs it on a build
// of main.wasm that keeps its names (the served one is built with -s,
// which drops them; the code is the same).
//
//	GOOS=js GOARCH=wasm go list -deps ./wasm >build/size.pkgs
//	go run ./cmd/wasmsize -pkgs build/size.pkgs [-n 40] build/size.wasm
//
// go tool nm does not read WebAssembly, so this reads the module itself:
// the code section gives each function body's size and the "name" custom
// section its Go symbol. The linker writes symbols with every character
// but letters, digits, '_' and '.' made '_' ("net/http.(*Client).Do" is
// "net_http.__Client_.Do"), so a symbol's package is the longest package
// of -pkgs whose name, written so, comes before a dot in it; without
// -pkgs, what comes before the first dot. The data segments (read-only
// data, type descriptors, the pclntab) are not split by package and are
// reported as one line, as are the other sections.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/sessionscope/sessionscope/cmd/internal/wasmbin"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
)

func main() {
	n := flag.Int("n", 40, "packages to list (0: all)")
	pkgs := flag.String("pkgs", "", "a file of the module's packages' import paths, one a line (go list -deps)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-pkgs FILE] [-n N] FILE.wasm")
		os.Exit(2)
	}
	known := map[string]string{}
	data, err := os.ReadFile(flag.Arg(0))
	if err == nil && *pkgs != "" {
		var list []byte
		if list, err = os.ReadFile(*pkgs); err == nil {
			known = wasmNames(strings.Fields(string(list)))
		}
	}
	if err == nil {
		var r report
		if r, err = analyse(data, known); err == nil {
			r.print(os.Stdout, *n)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

// report is a module's bytes by package, and the rest by section.
type report struct {
	total    int
	code     int            // the code section, function bodies and framing
	data     int            // the data section
	other    int            // every other section
	packages map[string]int // function body bytes by package
}

func (r report) print(w io.Writer, n int) {
	type row struct {
		pkg   string
		bytes int
	}
	rows := make([]row, 0, len(r.packages))
	for p, b := range r.packages {
		rows = append(rows, row{p, b})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].bytes != rows[j].bytes {
			return rows[i].bytes > rows[j].bytes
		}
		return rows[i].pkg < rows[j].pkg
	})
	fmt.Fprintf(w, "%10d  bytes in all: code %d, data %d, other sections %d\n", r.total, r.code, r.data, r.other)
	fmt.Fprintf(w, "%10s  %6s  %s\n", "code", "%code", "package")
	for i, row := range rows {
		if n > 0 && i == n {
			rest := 0
			for _, x := range rows[i:] {
				rest += x.bytes
			}
			fmt.Fprintf(w, "%10d  %5.1f%%  (%d more packages)\n", rest, pct(rest, r.code), len(rows)-i)
			break
		}
		fmt.Fprintf(w, "%10d  %5.1f%%  %s\n", row.bytes, pct(row.bytes, r.code), row.pkg)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// analyse reads the module's sections; known maps packages as the linker
// writes them to their import paths.
func analyse(mod []byte, known map[string]string) (report, error) {
	r := report{total: len(mod), packages: make(map[string]int)}
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return r, err
	}
	var imported int
	var bodies []int
	var names map[int]string
	for _, sec := range secs {
		body, whole := &wasmbin.Reader{B: sec.Body}, sec.End-sec.Start
		switch sec.ID {
		case wasmbin.SecImport:
			imported = countFuncImports(body)
			r.other += whole
		case wasmbin.SecCode:
			bodies = codeSizes(body)
			r.code += whole
		case wasmbin.SecData:
			r.data += whole
		case wasmbin.SecCustom:
			if body.Name() == "name" {
				names = functionNames(body)
			}
			r.other += whole
		default:
			r.other += whole
		}
		if body.Err != nil {
			return r, fmt.Errorf("section %d: %w", sec.ID, body.Err)
		}
	}
	if names == nil {
		return r, errors.New("no name section: build without -ldflags=-s")
	}
	for i, size := range bodies {
		r.packages[pkgOf(names[imported+i], known)] += size
	}
	return r, nil
}

// countFuncImports counts the imports that are functions: they come first
// in the function index space.
func countFuncImports(p *wasmbin.Reader) int {
	n, funcs := p.ULEB(), 0
	for i := 0; i < n && p.Err == nil; i++ {
		p.Name()
		p.Name()
		switch kind := p.Byte(); kind {
		case 0: // function: a type index
			p.ULEB()
			funcs++
		case 1: // table: a reference type and limits
			p.Byte()
			p.Limits()
		case 2: // memory: limits
			p.Limits()
		case 3: // global: a value type and mutability
			p.Byte()
			p.Byte()
		default:
			p.Err = fmt.Errorf("import kind %d", kind)
		}
	}
	return funcs
}

// codeSizes returns the size of each function body, with its length.
func codeSizes(p *wasmbin.Reader) []int {
	n := p.ULEB()
	out := make([]int, 0, n)
	for i := 0; i < n && p.Err == nil; i++ {
		start := p.Off
		size := p.ULEB()
		p.Off += size
		out = append(out, p.Off-start)
	}
	return out
}

// functionNames reads the function names subsection (id 1) of a "name"
// custom section.
func functionNames(p *wasmbin.Reader) map[int]string {
	names := make(map[int]string)
	for p.Off < len(p.B) && p.Err == nil {
		id := p.Byte()
		size := p.ULEB()
		end := p.Off + size
		if id == 1 {
			n := p.ULEB()
			for i := 0; i < n && p.Err == nil; i++ {
				idx := p.ULEB()
				names[idx] = p.Name()
			}
		}
		p.Off = end
	}
	return names
}

// wasmNames maps each import path as the linker writes it in symbols
// (cmd/link/internal/wasm: [^\w.] becomes _) to the path.
func wasmNames(paths []string) map[string]string {
	out := map[string]string{
		"main":  "main (the command built, ./wasm)",
		"type_": "type: (equality and hash functions the compiler generates)",
	}
	for _, p := range paths {
		out[strings.Map(func(r rune) rune {
			if r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return '_'
		}, p)] = p
	}
	return out
}

// pkgOf returns a symbol's package: the longest known package written
// before one of its dots, else what comes before its first dot.
func pkgOf(sym string, known map[string]string) string {
	if sym == "" {
		return "(unnamed)"
	}
	first := ""
	for i := len(sym) - 1; i > 0; i-- {
		if sym[i] != '.' {
			continue
		}
		if p, ok := known[sym[:i]]; ok {
			return p
		}
		first = sym[:i]
	}
	if first == "" {
		return sym
	}
	return first
}
