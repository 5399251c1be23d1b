package wasmbin

import "testing"

func TestLEB(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    int
	}{{"zero", 0}, {"one byte", 63}, {"two bytes", 200}, {"an address", 0x7fff_0000}, {"the top bit", 0xffff_fff0}} {
		t.Run(tc.name, func(t *testing.T) {
			u := &Reader{B: AppendULEB(nil, tc.v)}
			if got := u.ULEB(); got != tc.v || u.Err != nil || u.Off != len(u.B) {
				t.Errorf("ULEB = %d, %v", got, u.Err)
			}
			s := &Reader{B: AppendSLEB(nil, int64(int32(uint32(tc.v))))}
			if got := s.SLEB(); got != tc.v || s.Err != nil {
				t.Errorf("SLEB = %#x, %v; want %#x", got, s.Err, tc.v)
			}
		})
	}
}

func TestReaderTruncated(t *testing.T) {
	p := &Reader{B: []byte{0x80, 0x80}}
	if v := p.ULEB(); v != 0 || p.Err == nil {
		t.Errorf("ULEB of a cut number = %d, %v", v, p.Err)
	}
	if b := p.Byte(); b != 0 || p.Err.Error() != "truncated" {
		t.Errorf("after an error: %d, %v", b, p.Err)
	}
	q := &Reader{B: []byte{5, 'a', 'b'}}
	if s := q.Name(); s != "" || q.Err == nil {
		t.Errorf("Name past the end = %q, %v", s, q.Err)
	}
}

func TestSections(t *testing.T) {
	mod := AppendSection(AppendSection([]byte("\x00asm\x01\x00\x00\x00"), SecMemory, []byte{1, 0, 1}), SecCustom, []byte{4, 'n', 'a', 'm', 'e'})
	ss, err := Sections(mod)
	if err != nil || len(ss) != 2 {
		t.Fatalf("Sections: %v, %v", ss, err)
	}
	if ss[0].ID != SecMemory || string(ss[0].Body) != "\x01\x00\x01" || ss[0].Start != 8 || ss[0].End != 13 {
		t.Errorf("first section %+v", ss[0])
	}
	if p := (&Reader{B: ss[1].Body}); p.Name() != "name" || ss[1].End != len(mod) {
		t.Errorf("second section %+v", ss[1])
	}
	for name, bad := range map[string][]byte{"not wasm": []byte("hello world"), "cut": mod[:len(mod)-1]} {
		if _, err := Sections(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
