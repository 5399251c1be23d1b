package main

import (
	"bytes"
	"fmt"
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
	mod = appendSection(mod, 5, []byte{1, 0, 1}) // one memory of one page
	if count {
		mod = appendSection(mod, secDataCount, appendULEB(nil, len(segs)))
	}
	return appendSection(mod, secData, encodeSegments(segs))
}

// image is the memory the module's data segments initialize, and the
// segments' count; it fails the test if a data count section disagrees.
func image(t *testing.T, mod []byte) ([]byte, int) {
	t.Helper()
	var mem []byte
	n, counted := 0, -1
	p := &reader{b: mod, off: 8}
	for p.off < len(p.b) {
		id := p.byte()
		size := p.uleb()
		body := &reader{b: p.b[p.off : p.off+size]}
		p.off += size
		switch id {
		case secDataCount:
			counted = body.uleb()
		case secData:
			segs, err := segments(body)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range segs {
				if end := s.offset + len(s.bytes); end > len(mem) {
					mem = append(mem, make([]byte, end-len(mem))...)
				}
				copy(mem[s.offset:], s.bytes)
			}
			n = len(segs)
		}
	}
	if counted >= 0 && counted != n {
		t.Fatalf("data count %d, %d segments", counted, n)
	}
	return mem, n
}

func TestJoin(t *testing.T) {
	segs := []segment{
		{300, []byte{9}},
		{100, []byte{1, 2, 3}},
		{111, []byte{4}}, // 8 zeros after the first
		{5000, []byte{5, 6}},
		{400, bytes.Repeat([]byte{7}, 200)},
		{1 << 31, []byte{8}}, // an i32.const written negative
	}
	tests := []struct {
		gap, want int
	}{
		0: {gap: 0, want: 6},
		1: {gap: 8, want: 5},
		2: {gap: 1024, want: 3},
		3: {gap: 1 << 20, want: 2},
	}
	for i, tt := range tests {
		for _, count := range []bool{false, true} {
			t.Run(fmt.Sprintf("gap/%d/count=%v", i, count), func(t *testing.T) {
				mod := module(segs, count)
				joined, err := join(mod, tt.gap)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := image(t, mod)
				got, n := image(t, joined)
				if !bytes.Equal(got, want) {
					t.Fatal("the joined module's memory differs")
				}
				if n != tt.want {
					t.Fatalf("%d segments, want %d", n, tt.want)
				}
			})
		}
	}
}

func TestJoinRefuses(t *testing.T) {
	passive := appendSection([]byte("\x00asm\x01\x00\x00\x00"), secData, []byte{1, 1, 1, 42})
	overlap := module([]segment{{100, []byte{1, 2, 3}}, {101, []byte{4}}}, false)
	whole := module([]segment{{100, []byte{1, 2, 3}}}, false)
	tests := []struct {
		name string
		mod  []byte
	}{
		{"not wasm", []byte("hello world")},
		{"passive", passive},
		{"overlapping", overlap},
		{"truncated", whole[:len(whole)-1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := join(tt.mod, 1024); err == nil {
				t.Fatal("joined")
			}
		})
	}
}

// TestGoModule joins a small Go program's module, which must keep its
// memory and run under Node as before.
func TestGoModule(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar table = map[string]int{\"a\": 1, \"b\": 2}\n\n" +
		"func main() { fmt.Println(strings.Repeat(\"ok \", table[\"b\"])) }\n"
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	built := filepath.Join(dir, "built.wasm")
	// go test puts the go command that runs it first on PATH.
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-o", built, src)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=", "GO111MODULE=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	joined := filepath.Join(dir, "joined.wasm")
	if err := run(built, joined, 1024); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(built)
	b, _ := os.ReadFile(joined)
	before, n := image(t, a)
	after, m := image(t, b)
	if !bytes.Equal(before, after) || m >= n {
		t.Fatalf("%d segments joined into %d; memory the same: %v", n, m, bytes.Equal(before, after))
	}
	node := exec.Command("node", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js"), joined)
	if out, err := node.CombinedOutput(); err != nil || string(out) != "ok ok \n" {
		t.Fatalf("node: %v\n%s", err, out)
	}
}
