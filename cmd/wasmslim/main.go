// Command wasmslim rewrites a Go WebAssembly module's data section so
// that its compressed forms are smaller, the code and the memory the
// program needs unchanged: the Makefile runs it on main.wasm after go
// build.
//
//	go run ./cmd/wasmslim -o web/main.wasm build/main.wasm
//
// It does two things. First, it writes the module's initial memory in a
// few segments. Go's linker writes one active segment for each run of
// bytes between runs of eight or more zeros; most of the pclntab's
// findfunctab (a 20-byte bucket for every 4 KiB of the text's address
// space, where each function takes 64 KiB) is such runs, so main.wasm
// has some 90,000 segments, and each segment's header holds its memory
// offset: numbers that change at every segment, which brotli, zstd and
// gzip cannot predict. Splitting only at runs of more than -gap zeros,
// with the shorter runs written out, makes the module larger (about
// 0.9 MB of zeros) and its brotli form 6.6% smaller.
//
// Second, unless -lines is given, it drops the tables that map each
// function's code to the file and line it came from, and to the calls
// inlined into it (see dropLines): the runtime reads them only to print
// a traceback or answer runtime.Caller, which then give each function's
// name with "?:0" for its file and line. The module's brotli form is 14%
// smaller again. A build that needs file:line in a panic's traceback
// can keep them: make build WASM_LINES=1 (after touching a Go file or
// removing web/main.wasm, as make sees no change to the sources).
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/sessionscope/sessionscope/cmd/internal/wasmbin"
	"os"
)

func main() {
	out := flag.String("o", "", "the module to write (required)")
	gap := flag.Int("gap", 1024, "split segments only at runs of more zeros than this")
	lines := flag.Bool("lines", false, "keep the line tables (file:line in tracebacks)")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: wasmslim [-gap N] [-lines] -o OUT.wasm IN.wasm")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *gap, *lines); err != nil {
		fmt.Fprintln(os.Stderr, "wasmslim:", err)
		os.Exit(1)
	}
}

// run writes the module in, slimmed, to out.
func run(in, out string, gap int, lines bool) error {
	mod, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	slimmed, err := slim(mod, gap, lines)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	// Written through a temporary file renamed over out, so that an
	// interrupted build never leaves a truncated module to be served.
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, slimmed, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// segment is an active data segment of memory 0.
type segment struct {
	offset int
	bytes  []byte
}

// slim returns mod with its data section rewritten and every other
// section as it was: the memory the data segments write, with the line
// tables dropped unless lines is set, in segments split only at runs of
// more than gap zeros. It accepts only the segments Go's linker writes:
// active, for memory 0, at an i32.const offset.
func slim(mod []byte, gap int, lines bool) ([]byte, error) {
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return nil, err
	}
	out := append([]byte(nil), mod[:8]...)
	count := -1 // the new segments' count, for a data count section
	for _, sec := range secs {
		switch sec.ID {
		case wasmbin.SecData:
			segs, err := segments(&wasmbin.Reader{B: sec.Body})
			if err != nil {
				return nil, fmt.Errorf("data section: %w", err)
			}
			mem := image(segs)
			if !lines {
				mem = withoutLines(mem)
			}
			segs = split(mem, gap)
			count = len(segs)
			out = wasmbin.AppendSection(out, wasmbin.SecData, encodeSegments(segs))
		case wasmbin.SecDataCount:
			// The data count section comes before the data section; it
			// is filled in below once the new count is known.
			out = wasmbin.AppendSection(out, wasmbin.SecDataCount, nil)
		default:
			out = append(out, mod[sec.Start:sec.End]...)
		}
	}
	return fixDataCount(out, count)
}

// withoutLines returns mem with its line tables dropped (dropLines). A
// memory whose tables are not laid out as this Go's are (another Go
// release) is returned as it is, with a warning: the module then keeps
// file:line in its tracebacks and is only larger, never broken.
func withoutLines(mem []byte) []byte {
	slimmed := append([]byte(nil), mem...)
	if err := dropLines(slimmed); err != nil {
		fmt.Fprintf(os.Stderr, "wasmslim: warning: the line tables are kept, their layout is not the one known (%v)\n", err)
		return mem
	}
	return slimmed
}

// segments reads a data section's segments.
func segments(p *wasmbin.Reader) ([]segment, error) {
	n := p.ULEB()
	segs := make([]segment, 0, min(n, len(p.B)))
	for i := 0; i < n && p.Err == nil; i++ {
		if kind := p.ULEB(); kind != 0 {
			return nil, fmt.Errorf("segment %d: kind %d, not an active segment of memory 0", i, kind)
		}
		if op := p.Byte(); op != 0x41 { // i32.const
			return nil, fmt.Errorf("segment %d: offset is not an i32.const", i)
		}
		offset := p.SLEB()
		if end := p.Byte(); end != 0x0b {
			return nil, fmt.Errorf("segment %d: offset expression longer than one i32.const", i)
		}
		size := p.ULEB()
		if p.Err != nil || p.Off+size > len(p.B) {
			p.Fail()
			break
		}
		if offset+size > maxImage {
			return nil, fmt.Errorf("segment %d: ends past %d bytes", i, maxImage)
		}
		segs = append(segs, segment{offset, p.B[p.Off : p.Off+size]})
		p.Off += size
	}
	if p.Err != nil {
		return nil, p.Err
	}
	if p.Off != len(p.B) {
		return nil, errors.New("bytes after the last segment")
	}
	return segs, nil
}

// maxImage bounds the memory the data segments may write: Go's modules
// write a few MB.
const maxImage = 1 << 28

// image is the memory segs write, in their order (a later segment wins
// where two overlap), up to the last byte written.
func image(segs []segment) []byte {
	end := 0
	for _, s := range segs {
		end = max(end, s.offset+len(s.bytes))
	}
	mem := make([]byte, end)
	for _, s := range segs {
		copy(mem[s.offset:], s.bytes)
	}
	return mem
}

// split is the segments that write mem's bytes other than runs of more
// than gap zeros.
func split(mem []byte, gap int) []segment {
	var out []segment
	start, zeros := -1, 0 // the segment open, the zeros ending it
	for i, c := range mem {
		switch {
		case c != 0 && start < 0:
			start = i
		case c != 0 && zeros > gap:
			out = append(out, segment{start, mem[start : i-zeros]})
			start = i
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
	}
	if start >= 0 {
		out = append(out, segment{start, mem[start : len(mem)-zeros]})
	}
	return out
}

// encodeSegments is a data section's body.
func encodeSegments(segs []segment) []byte {
	b := wasmbin.AppendULEB(nil, len(segs))
	for _, s := range segs {
		b = append(b, 0, 0x41) // active, memory 0, i32.const
		b = wasmbin.AppendSLEB(b, int64(int32(uint32(s.offset))))
		b = append(b, 0x0b)
		b = wasmbin.AppendULEB(b, len(s.bytes))
		b = append(b, s.bytes...)
	}
	return b
}

// fixDataCount fills the empty data count section slim wrote, if any,
// with count.
func fixDataCount(mod []byte, count int) ([]byte, error) {
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return nil, err
	}
	for _, sec := range secs {
		if sec.ID != wasmbin.SecDataCount {
			continue
		}
		if count < 0 {
			return nil, errors.New("a data count section but no data section")
		}
		out := append([]byte(nil), mod[:sec.Start]...)
		out = wasmbin.AppendSection(out, wasmbin.SecDataCount, wasmbin.AppendULEB(nil, count))
		return append(out, mod[sec.End:]...), nil
	}
	return mod, nil
}
