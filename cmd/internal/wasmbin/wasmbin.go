package wasmbin

import "errors"

// Section ids of the binary format.
const (
	SecCustom    = 0
	SecImport    = 2
	SecMemory    = 5
	SecCode      = 10
	SecData      = 11
	SecDataCount = 12
)

// Reader reads the format's integers and names from B at Off; after an
// error it returns zeros and keeps the first error in Err.
type Reader struct {
	B   []byte
	Off int
	Err error
}

// Byte reads one byte.
func (p *Reader) Byte() byte {
	if p.Err != nil || p.Off >= len(p.B) {
		p.Fail()
		return 0
	}
	p.Off++
	return p.B[p.Off-1]
}

// ULEB reads an unsigned LEB128 of at most 32 bits.
func (p *Reader) ULEB() int {
	var v, shift uint
	for {
		c := p.Byte()
		if p.Err != nil || shift > 35 {
			p.Fail()
			return 0
		}
		v |= uint(c&0x7f) << shift
		if c&0x80 == 0 {
			return int(v)
		}
		shift += 7
	}
}

// SLEB reads the signed LEB128 of an i32.const, an address, as unsigned.
func (p *Reader) SLEB() int {
	var v int64
	var shift uint
	for {
		c := p.Byte()
		if p.Err != nil || shift > 28 {
			p.Fail()
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

// Name reads a name: its length, then its bytes.
func (p *Reader) Name() string {
	n := p.ULEB()
	if p.Err != nil || p.Off+n > len(p.B) {
		p.Fail()
		return ""
	}
	p.Off += n
	return string(p.B[p.Off-n : p.Off])
}

// Limits reads a table's or a memory's limits.
func (p *Reader) Limits() {
	if p.Byte()&1 != 0 {
		p.ULEB()
	}
	p.ULEB()
}

// Fail records that the input ended too soon, unless an error came first,
// and moves to its end.
func (p *Reader) Fail() {
	if p.Err == nil {
		p.Err = errors.New("truncated")
	}
	p.Off = len(p.B)
}

// Section is one section of a module: its id, its body, and where the
// whole section (id and size included) starts and ends in the module.
type Section struct {
	ID         byte
	Body       []byte
	Start, End int
}

// Sections splits a module into its sections, in order.
func Sections(mod []byte) ([]Section, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	var out []Section
	p := &Reader{B: mod, Off: 8}
	for p.Off < len(p.B) {
		start := p.Off
		id := p.Byte()
		size := p.ULEB()
		if p.Err != nil || p.Off+size > len(p.B) {
			return nil, errors.New("truncated section")
		}
		p.Off += size
		out = append(out, Section{ID: id, Body: p.B[p.Off-size : p.Off], Start: start, End: p.Off})
	}
	return out, nil
}

// AppendSection appends a section of id with body to b.
func AppendSection(b []byte, id byte, body []byte) []byte {
	b = append(b, id)
	b = AppendULEB(b, len(body))
	return append(b, body...)
}

// AppendULEB appends v as an unsigned LEB128.
func AppendULEB(b []byte, v int) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// AppendSLEB appends v as a signed LEB128.
func AppendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
