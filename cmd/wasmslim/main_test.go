package main

import (
	"bytes"
	"fmt"
	"github.com/sessionscope/sessionscope/cmd/internal/wasmbin"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// module is a module of a memory section, a data count section when
// count is set, and a data section of segs, written in the given order.
func module(segs []segment, count bool) []byte {
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = wasmbin.AppendSection(mod, 5, []byte{1, 0, 1}) // one memory of one page
	if count {
		mod = wasmbin.AppendSection(mod, wasmbin.SecDataCount, wasmbin.AppendULEB(nil, len(segs)))
	}
	return wasmbin.AppendSection(mod, wasmbin.SecData, encodeSegments(segs))
}

// memory is the memory the module's data segments write, and the
// segments' count; it fails the test if a data count section disagrees.
func memory(t *testing.T, mod []byte) ([]byte, int) {
	t.Helper()
	var mem []byte
	n, counted := 0, -1
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range secs {
		body := &wasmbin.Reader{B: sec.Body}
		switch sec.ID {
		case wasmbin.SecDataCount:
			counted = body.ULEB()
		case wasmbin.SecData:
			segs, err := segments(body)
			if err != nil {
				t.Fatal(err)
			}
			mem, n = image(segs), len(segs)
		}
	}
	if counted >= 0 && counted != n {
		t.Fatalf("data count %d, %d segments", counted, n)
	}
	return bytes.TrimRight(mem, "\x00"), n
}

func TestJoin(t *testing.T) {
	segs := []segment{
		{300, []byte{9}},
		{100, []byte{1, 2, 3}},
		{111, []byte{4, 0, 0}}, // 8 zeros after the first
		{5000, []byte{5, 6}},
		{400, bytes.Repeat([]byte{7}, 200)},
		{1 << 20, []byte{8}},
		{200, []byte{0, 0, 0}}, // only zeros: nothing to write
		{450, []byte{10, 11}},  // over the 7s: the later segment wins
	}
	tests := []struct {
		gap, want int
	}{
		0: {gap: 0, want: 6},
		1: {gap: 8, want: 5},
		2: {gap: 1024, want: 3},
		3: {gap: 1 << 20, want: 1},
	}
	for i, tt := range tests {
		for _, count := range []bool{false, true} {
			t.Run(fmt.Sprintf("gap/%d/count=%v", i, count), func(t *testing.T) {
				mod := module(segs, count)
				joined, err := slim(mod, tt.gap, true)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := memory(t, mod)
				got, n := memory(t, joined)
				if !bytes.Equal(got, want) || want[450] != 10 || want[111] != 4 {
					t.Fatal("the joined module's memory differs")
				}
				if n != tt.want {
					t.Fatalf("%d segments, want %d", n, tt.want)
				}
			})
		}
	}
}

func TestSlimRefuses(t *testing.T) {
	passive := wasmbin.AppendSection([]byte("\x00asm\x01\x00\x00\x00"), wasmbin.SecData, []byte{1, 1, 1, 42})
	whole := module([]segment{{100, []byte{1, 2, 3}}}, false)
	tests := []struct {
		name  string
		mod   []byte
		lines bool
	}{
		{"not wasm", []byte("hello world"), true},
		{"passive", passive, true},
		{"truncated", whole[:len(whole)-1], true},
		{"past the memory", module([]segment{{maxImage, []byte{1}}}, false), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := slim(tt.mod, 1024, tt.lines); err == nil {
				t.Fatal("slimmed")
			}
		})
	}
}

// TestSlimKeepsUnknownLines keeps a memory whose line tables it cannot
// find as it is, joining its segments all the same.
func TestSlimKeepsUnknownLines(t *testing.T) {
	whole := module([]segment{{100, []byte{1, 2, 3}}, {120, []byte{4}}}, false)
	got, err := slim(whole, 1024, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := slim(whole, 1024, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("a memory without a pclntab was changed beyond joining its segments")
	}
}

// prog panics in a function that calls another, which the compiler
// inlines, after work that needs the runtime's tables: goroutines, a
// collection, a recovered panic in a deferred call, a map.
const prog = `package main

import (
	"fmt"
	"runtime"
	"strings"
)

var table = map[string]int{"a": 1, "b": 2}

func inner(n int) int { return table["b"] * n }

//go:noinline
func outer(n int) int {
	if n > 2 {
		panic(fmt.Sprint("too many: ", inner(n)))
	}
	return inner(n)
}

func recovered() (err error) {
	defer func() { err = fmt.Errorf("%v", recover()) }()
	outer(3)
	return nil
}

func main() {
	done := make(chan []string)
	go func() {
		var s []string
		for i := 0; i < 1000; i++ {
			s = append(s, strings.Repeat("x", i%7))
		}
		done <- s
	}()
	s := <-done
	runtime.GC()
	_, file, line, _ := runtime.Caller(0)
	fmt.Println(len(s), outer(2), recovered(), strings.HasSuffix(file, "main.go"), line > 0)
	outer(3)
}
`

// TestGoModule slims a Go program's module, with and without its line
// tables, and runs it under Node: it runs as before, and its traceback
// names the same functions, with or without their files and lines.
func TestGoModule(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	// go test puts the go command that runs it first on PATH.
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	built := filepath.Join(dir, "built.wasm")
	cmd := exec.Command("go", "build", "-o", built, "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=", "GO111MODULE=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exec := func(mod string) string {
		node := exec.Command("node", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js"), mod)
		out, err := node.CombinedOutput()
		if err == nil {
			t.Fatalf("%s did not panic:\n%s", mod, out)
		}
		return string(out)
	}
	tests := []struct {
		name   string
		lines  bool
		output []string
	}{
		{"lines", true, []string{"1000 4 too many: 6 true true\n", "main.outer(", "main.go:16", "main.main()", "main.go:40"}},
		{"no lines", false, []string{"1000 4 too many: 6 false false\n", "main.outer(", "\t?:0", "main.main()"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slimmed := filepath.Join(dir, tt.name+".wasm")
			if err := run(built, slimmed, 1024, tt.lines); err != nil {
				t.Fatal(err)
			}
			a, _ := os.ReadFile(built)
			b, _ := os.ReadFile(slimmed)
			before, n := memory(t, a)
			after, m := memory(t, b)
			if tt.lines && !bytes.Equal(before, after) || m >= n {
				t.Fatalf("%d segments made %d; memory the same: %v", n, m, bytes.Equal(before, after))
			}
			if len(b) > len(a)+len(a)/4 {
				t.Fatalf("%d bytes made %d", len(a), len(b))
			}
			out := exec(slimmed)
			if !strings.HasPrefix(out, tt.output[0]) {
				t.Fatalf("output %q, want %q first", out, tt.output[0])
			}
			for _, want := range tt.output[1:] {
				if !strings.Contains(out, want) {
					t.Fatalf("no %q in\n%s", want, out)
				}
			}
			if !tt.lines && strings.Contains(out, "main.go:") {
				t.Fatalf("a line in\n%s", out)
			}
		})
	}
}
