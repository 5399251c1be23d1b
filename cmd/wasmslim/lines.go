package main

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The pclntab's layout, as Go 1.20 and later write it for wasm
// (runtime/symtab.go and runtime2.go: pcHeader, _func).
const (
	pclnMagic   = 0xfffffff1 // abi.Go120PCLnTabMagic
	headerSize  = 72         // pcHeader: magic, pads, minLC, ptrSize, then 8 words
	funcSize    = 44         // _func up to its pcdata offsets
	funcPcsp    = 16         // _func.pcsp's offset in _func
	funcPcfile  = 20         // _func.pcfile
	funcPcln    = 24         // _func.pcln
	funcNpcdata = 28         // _func.npcdata
	funcNfdata  = 43         // _func.nfuncdata

	pcdataInlTreeIndex = 2 // abi.PCDATA_InlTreeIndex
)

// dropLines finds the pclntab in mem, a Go wasm module's initial memory,
// and drops each function's pcfile and pcln tables (the file and line of
// each pc) and its PCDATA_InlTreeIndex table (the inlined call each pc
// belongs to): the function's offsets of them become 0, which the
// runtime reads as no table (pcvalue answers -1, so funcline1 gives
// "?", 0 and the inline unwinder sees no inlined frame), and the tables
// no kept offset shares become zeros. The pcsp table, the stack maps and
// every other pcdata table the runtime needs to unwind a stack, collect
// garbage or run a deferred call are kept as they are.
func dropLines(mem []byte) error {
	h, err := findHeader(mem)
	if err != nil {
		return err
	}
	keep, drop := map[uint32]bool{}, map[uint32]bool{}
	for i := 0; i < h.nfunc; i++ {
		funcoff := binary.LittleEndian.Uint32(mem[h.pcln+8*i+4:])
		f := h.pcln + int(funcoff)
		npcdata := int(binary.LittleEndian.Uint32(mem[f+funcNpcdata:]))
		if f+funcSize+4*npcdata > h.end {
			return fmt.Errorf("function %d's pcdata past the pclntab", i)
		}
		fields := []int{f + funcPcsp, f + funcPcfile, f + funcPcln}
		for j := 0; j < npcdata; j++ {
			fields = append(fields, f+funcSize+4*j)
		}
		for j, at := range fields {
			off := binary.LittleEndian.Uint32(mem[at:])
			if off == 0 {
				continue
			}
			if int(off) >= h.pcln-h.pctab {
				return fmt.Errorf("function %d: a table at %d, past the pctab", i, off)
			}
			if j == 1 || j == 2 || j == 3+pcdataInlTreeIndex {
				drop[off] = true
				binary.LittleEndian.PutUint32(mem[at:], 0)
			} else {
				keep[off] = true
			}
		}
	}
	pctab := mem[h.pctab:h.pcln]
	for off := range drop {
		if keep[off] {
			continue
		}
		n, err := tableLen(pctab[off:])
		if err != nil {
			return fmt.Errorf("the table at %d: %w", off, err)
		}
		clear(pctab[off : int(off)+n])
	}
	return nil
}

// header is where the pclntab's parts are in memory.
type header struct {
	nfunc int
	pctab int // the pc-value tables
	pcln  int // the function table, then the _func records
	end   int // a bound on the pclntab's end: the memory's
}

// findHeader finds the one pcHeader in mem whose fields make sense: a
// magic number can also be found in other data.
func findHeader(mem []byte) (header, error) {
	var found []header
	le := binary.LittleEndian
	for at := 0; at+headerSize <= len(mem); at += 4 {
		if le.Uint32(mem[at:]) != pclnMagic || mem[at+4] != 0 || mem[at+5] != 0 || mem[at+6] != 1 || mem[at+7] != 8 {
			continue
		}
		word := func(i int) uint64 { return le.Uint64(mem[at+8+8*i:]) }
		nfunc, pctabOff, pclnOff := word(0), word(6), word(7)
		h := header{nfunc: int(nfunc), pctab: at + int(pctabOff), pcln: at + int(pclnOff), end: len(mem)}
		if nfunc == 0 || nfunc > 1<<24 || pctabOff > pclnOff || pclnOff > uint64(len(mem)-at) ||
			h.pcln+8*(h.nfunc+1) > len(mem) || !sorted(mem, h) {
			continue
		}
		found = append(found, h)
	}
	if len(found) != 1 {
		return header{}, fmt.Errorf("%d pclntab headers found, want 1", len(found))
	}
	return found[0], nil
}

// sorted reports whether the function table at h.pcln is what the
// linker writes: entry offsets rising, each record inside the memory.
func sorted(mem []byte, h header) bool {
	le := binary.LittleEndian
	for i := 0; i < h.nfunc; i++ {
		entry, next := le.Uint32(mem[h.pcln+8*i:]), le.Uint32(mem[h.pcln+8*i+8:])
		f := h.pcln + int(le.Uint32(mem[h.pcln+8*i+4:]))
		if next <= entry || f+funcSize > len(mem) || mem[f+funcNfdata] > 16 {
			return false
		}
	}
	return true
}

// tableLen is the length of the pc-value table at the start of t: pairs
// of a value delta and a pc delta, varints, ended by a value delta of 0
// after the first pair (runtime.step).
func tableLen(t []byte) (int, error) {
	n := 0
	for first := true; ; first = false {
		v, k := binary.Uvarint(t[n:])
		if k <= 0 {
			return 0, errors.New("truncated")
		}
		n += k
		if v == 0 && !first {
			return n, nil
		}
		_, k = binary.Uvarint(t[n:])
		if k <= 0 {
			return 0, errors.New("truncated")
		}
		n += k
	}
}
