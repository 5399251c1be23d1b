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

	pcdataInlTreeIndex = 2  // abi.PCDATA_InlTreeIndex
	funcdataInlTree    = 3  // abi.FUNCDATA_InlTree
	inlinedCallSize    = 16 // runtime.inlinedCall

	// moduledata's words: the pcHeader, then the slices funcnametab,
	// cutab, filetab, pctab, pclntable and ftab, ..., gofunc.
	modPctab  = 1 + 3*3
	modPcln   = 1 + 3*4
	modGofunc = 40
)

// dropLines finds the pclntab in mem, a Go wasm module's initial memory,
// and drops each function's pcfile and pcln tables (the file and line of
// each pc), its PCDATA_InlTreeIndex table (the inlined call each pc
// belongs to) and its FUNCDATA_InlTree (the inlined calls), and the
// file names the pcfile tables' values stand for. The
// function's offsets of the tables become 0 and that of the tree
// ^uint32(0), which the runtime reads as none (pcvalue answers -1, so
// funcline1 gives "?", 0, and the inline unwinder sees no inlined
// frame), and their bytes become zeros where nothing kept shares them.
// The pcsp table, the stack maps and every other table or funcdata the
// runtime needs to unwind a stack, collect garbage or run a deferred
// call are kept as they are.
func dropLines(mem []byte) error {
	h, err := findHeader(mem)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	pctab := mem[h.pctab:h.pcln]
	keep, drop := map[uint32]bool{}, map[uint32]bool{}
	keptData := map[int]bool{} // the addresses of the funcdata kept
	type tree struct{ at, size int }
	var trees []tree
	for i := 0; i < h.nfunc; i++ {
		f := h.pcln + int(le.Uint32(mem[h.pcln+8*i+4:]))
		npcdata := int(le.Uint32(mem[f+funcNpcdata:]))
		nfuncdata := int(mem[f+funcNfdata])
		funcdata := f + funcSize + 4*npcdata
		if funcdata+4*nfuncdata > h.end {
			return fmt.Errorf("function %d's pcdata past the pclntab", i)
		}
		inlined := -1 // the highest inline tree index of a pc
		fields := []int{f + funcPcsp, f + funcPcfile, f + funcPcln}
		for j := 0; j < npcdata; j++ {
			fields = append(fields, f+funcSize+4*j)
		}
		for j, at := range fields {
			off := le.Uint32(mem[at:])
			if off == 0 {
				continue
			}
			if int(off) >= len(pctab) {
				return fmt.Errorf("function %d: a table at %d, past the pctab", i, off)
			}
			if j == 3+pcdataInlTreeIndex {
				if _, inlined, err = scanTable(pctab[off:]); err != nil {
					return fmt.Errorf("function %d: %w", i, err)
				}
			}
			if j == 1 || j == 2 || j == 3+pcdataInlTreeIndex {
				drop[off] = true
				le.PutUint32(mem[at:], 0)
			} else {
				keep[off] = true
			}
		}
		for j := 0; j < nfuncdata; j++ {
			at := funcdata + 4*j
			off := le.Uint32(mem[at:])
			if off == ^uint32(0) {
				continue
			}
			if j != funcdataInlTree {
				keptData[h.gofunc+int(off)] = true
				continue
			}
			le.PutUint32(mem[at:], ^uint32(0))
			if inlined >= 0 {
				trees = append(trees, tree{h.gofunc + int(off), (inlined + 1) * inlinedCallSize})
			}
		}
	}
	for off := range drop {
		if keep[off] {
			continue
		}
		n, _, err := scanTable(pctab[off:])
		if err != nil {
			return fmt.Errorf("the table at %d: %w", off, err)
		}
		clear(pctab[off : int(off)+n])
	}
	// Only the runtime's funcfile reads the files, for a pcfile value.
	clear(mem[h.cutab:h.pctab])
	for _, t := range trees {
		if t.at+t.size > len(mem) {
			return fmt.Errorf("an inline tree at %d past the memory", t.at)
		}
		shared := false
		for a := t.at; a < t.at+t.size && !shared; a++ {
			shared = keptData[a]
		}
		if !shared {
			clear(mem[t.at : t.at+t.size])
		}
	}
	return nil
}

// header is where the pclntab's parts are in memory.
type header struct {
	nfunc int
	cutab int // the compilation units' files, then the file names
	pctab int // the pc-value tables
	pcln  int // the function table, then the _func records
	end   int // a bound on the pclntab's end: the memory's
	// gofunc is where funcdata offsets count from (moduledata.gofunc).
	gofunc int
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
		nfunc, cutabOff, pctabOff, pclnOff := word(0), word(4), word(6), word(7)
		h := header{nfunc: int(nfunc), cutab: at + int(cutabOff), pctab: at + int(pctabOff), pcln: at + int(pclnOff), end: len(mem)}
		if nfunc == 0 || nfunc > 1<<24 || cutabOff > pctabOff || pctabOff > pclnOff || pclnOff > uint64(len(mem)-at) ||
			h.pcln+8*(h.nfunc+1) > len(mem) || !sorted(mem, h) {
			continue
		}
		found = append(found, h)
	}
	if len(found) != 1 {
		return header{}, fmt.Errorf("%d pclntab headers found, want 1", len(found))
	}
	h := found[0]
	gofunc, err := findGofunc(mem, h)
	h.gofunc = gofunc
	return h, err
}

// findGofunc finds the moduledata that points at the pclntab h, and in
// it the gofunc address.
func findGofunc(mem []byte, h header) (int, error) {
	le := binary.LittleEndian
	var found []int
	for at := 0; at+8*(modGofunc+1) <= len(mem); at += 8 {
		word := func(i int) uint64 { return le.Uint64(mem[at+8*i:]) }
		if word(modPctab) != uint64(h.pctab) || word(modPcln) != uint64(h.pcln) || word(modGofunc) >= uint64(len(mem)) {
			continue
		}
		found = append(found, int(word(modGofunc)))
	}
	if len(found) != 1 {
		return 0, fmt.Errorf("%d moduledata found, want 1", len(found))
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

// scanTable reads the pc-value table at the start of t: pairs of a
// value delta (zigzag) and a pc delta, varints, ended by a value delta of
// 0 after the first pair (runtime.step). It returns the table's length
// and its highest value (the values start at -1).
func scanTable(t []byte) (length, highest int, err error) {
	v, top := int64(-1), int64(-1)
	n := 0
	for first := true; ; first = false {
		u, k := binary.Uvarint(t[n:])
		if k <= 0 {
			return 0, 0, errors.New("a truncated table")
		}
		n += k
		if u == 0 && !first {
			return n, int(top), nil
		}
		v += int64(u>>1) ^ -int64(u&1) // zigzag
		top = max(top, v)
		_, k = binary.Uvarint(t[n:])
		if k <= 0 {
			return 0, 0, errors.New("a truncated table")
		}
		n += k
	}
}
