// Command wasmjoin rewrites a Go WebAssembly module with its data
// segments joined: the Makefile runs it on main.wasm after go build.
//
//	go run ./cmd/wasmjoin -o web/main.wasm build/main.wasm
//
// Go's linker writes the module's initial memory as one active segment
// for each run of bytes between runs of eight or more zeros. Most of
// the pclntab's findfunctab (a 20-byte bucket for every 4 KiB of the
// text's address space, where each function takes 64 KiB) is such runs,
// so main.wasm has some 90,000 segments, and each segment's header
// holds its memory offset: numbers that change at every segment, which
// brotli, zstd and gzip cannot predict. Joining segments at most -gap
// bytes apart, with the zeros between them written out, makes the module
// larger (about 0.9 MB of zeros) but its compressed forms 6% smaller.
// The memory the module starts with is the same byte for byte, since a
// module's memory starts as zeros.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
)

func main() {
	out := flag.String("o", "", "the module to write (required)")
	gap := flag.Int("gap", 1024, "join segments at most this many bytes apart")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: wasmjoin [-gap N] -o OUT.wasm IN.wasm")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *gap); err != nil {
		fmt.Fprintln(os.Stderr, "wasmjoin:", err)
		os.Exit(1)
	}
}

// run writes the module in, joined, to out.
func run(in, out string, gap int) error {
	mod, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	joined, err := join(mod, gap)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	// Written through a temporary file renamed over out, so that an
	// interrupted build never leaves a truncated module to be served.
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, joined, 0o644); err != nil {
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

// join returns mod with its data segments at most gap bytes apart
// joined, and every other section as it was. It accepts only the
// segments Go's linker writes: active, for memory 0, at an i32.const
// offset, none overlapping another.
func join(mod []byte, gap int) ([]byte, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	out := append([]byte(nil), mod[:8]...)
	count := -1 // the joined segments' count, for a data count section
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
			segs = joinSegments(segs, gap)
			count = len(segs)
			out = appendSection(out, secData, encodeSegments(segs))
		case secDataCount:
			// The data count section comes before the data section; it
			// is filled in below once the joined count is known.
			out = appendSection(out, secDataCount, nil)
		default:
			out = append(out, mod[start:p.off]...)
		}
	}
	return fixDataCount(out, count)
}

// segments reads a data section's segments, sorted by offset.
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
		segs = append(segs, segment{offset, p.b[p.off : p.off+size]})
		p.off += size
	}
	if p.err != nil {
		return nil, p.err
	}
	if p.off != len(p.b) {
		return nil, errors.New("bytes after the last segment")
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].offset < segs[j].offset })
	for i := 1; i < len(segs); i++ {
		if prev := segs[i-1]; prev.offset+len(prev.bytes) > segs[i].offset {
			return nil, fmt.Errorf("segments at %d and %d overlap", prev.offset, segs[i].offset)
		}
	}
	return segs, nil
}

// joinSegments joins sorted segments at most gap bytes apart, with zeros
// between them.
func joinSegments(segs []segment, gap int) []segment {
	var out []segment
	for _, s := range segs {
		if len(out) > 0 {
			last := &out[len(out)-1]
			if end := last.offset + len(last.bytes); s.offset-end <= gap {
				last.bytes = append(last.bytes, make([]byte, s.offset-end)...)
				last.bytes = append(last.bytes, s.bytes...)
				continue
			}
		}
		out = append(out, segment{s.offset, append([]byte(nil), s.bytes...)})
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

// fixDataCount fills the empty data count section join wrote, if any,
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
