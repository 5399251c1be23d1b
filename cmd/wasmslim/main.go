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

// Section ids of the WebAssembly binary format.
const (
	secData      = 11
	secDataCount = 12
)

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
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	out := append([]byte(nil), mod[:8]...)
	count := -1 // the new segments' count, for a data count section
	p := &reader{b: mod, off: 8}
	for p.off < len(p.b) {
		start := p.off
		id := p.byte()
		size := p.uleb()
		if p.err != nil || p.off+size > len(p.b) {
			return nil, errors.New("truncated section")
		}
		body := p.b[p.off : p.off+size]
		p.off += size
		switch id {
		case secData:
			segs, err := segments(&reader{b: body})
			if err != nil {
				return nil, fmt.Errorf("data section: %w", err)
			}
			mem := image(segs)
			if !lines {
				mem = withoutLines(mem)
			}
			segs = split(mem, gap)
			count = len(segs)
			out = appendSection(out, secData, encodeSegments(segs))
		case secDataCount:
			// The data count section comes before the data section; it
			// is filled in below once the new count is known.
			out = appendSection(out, secDataCount, nil)
		default:
			out = append(out, mod[start:p.off]...)
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
func segments(p *reader) ([]segment, error) {
	n := p.uleb()
	segs := make([]segment, 0, min(n, len(p.b)))
	for i := 0; i < n && p.err == nil; i++ {
		if kind := p.uleb(); kind != 0 {
			return nil, fmt.Errorf("segment %d: kind %d, not an active segment of memory 0", i, kind)
		}
		if op := p.byte(); op != 0x41 { // i32.const
			return nil, fmt.Errorf("segment %d: offset is not an i32.const", i)
		}
		offset := p.sleb()
		if end := p.byte(); end != 0x0b {
			return nil, fmt.Errorf("segment %d: offset expression longer than one i32.const", i)
		}
		size := p.uleb()
		if p.err != nil || p.off+size > len(p.b) {
			p.fail()
			break
		}
		if offset+size > maxImage {
			return nil, fmt.Errorf("segment %d: ends past %d bytes", i, maxImage)
		}
		segs = append(segs, segment{offset, p.b[p.off : p.off+size]})
		p.off += size
	}
	if p.err != nil {
		return nil, p.err
	}
	if p.off != len(p.b) {
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
	b := appendULEB(nil, len(segs))
	for _, s := range segs {
		b = append(b, 0, 0x41) // active, memory 0, i32.const
		b = appendSLEB(b, int64(int32(uint32(s.offset))))
		b = append(b, 0x0b)
		b = appendULEB(b, len(s.bytes))
		b = append(b, s.bytes...)
	}
	return b
}

// fixDataCount fills the empty data count section slim wrote, if any,
// with count.
func fixDataCount(mod []byte, count int) ([]byte, error) {
	p := &reader{b: mod, off: 8}
	for p.off < len(p.b) {
		start := p.off
		id := p.byte()
		size := p.uleb()
		if id == secDataCount {
			if count < 0 {
				return nil, errors.New("a data count section but no data section")
			}
			out := append([]byte(nil), mod[:start]...)
			out = appendSection(out, secDataCount, appendULEB(nil, count))
			return append(out, mod[p.off+size:]...), nil
		}
		p.off += size
	}
	return mod, nil
}

func appendSection(b []byte, id byte, body []byte) []byte {
	b = append(b, id)
	b = appendULEB(b, len(body))
	return append(b, body...)
}

func appendULEB(b []byte, v int) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// reader reads the binary format's integers; after an error it returns
// zeros and keeps the first error.
type reader struct {
	b   []byte
	off int
	err error
}

func (p *reader) byte() byte {
	if p.err != nil || p.off >= len(p.b) {
		p.fail()
		return 0
	}
	p.off++
	return p.b[p.off-1]
}

func (p *reader) uleb() int {
	var v, shift uint
	for {
		c := p.byte()
		if p.err != nil || shift > 35 {
			p.fail()
			return 0
		}
		v |= uint(c&0x7f) << shift
		if c&0x80 == 0 {
			return int(v)
		}
		shift += 7
	}
}

// sleb reads the signed LEB128 of an i32.const, an address, as unsigned.
func (p *reader) sleb() int {
	var v int64
	var shift uint
	for {
		c := p.byte()
		if p.err != nil || shift > 28 {
			p.fail()
			return 0
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if c&0x40 != 0 {
				v -= 1 << shift
			}
			return int(uint32(int32(v)))
		}
	}
}

func (p *reader) fail() {
	if p.err == nil {
		p.err = errors.New("truncated")
	}
	p.off = len(p.b)
}
