package deflate_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/deflate"
)

func TestUnpack(t *testing.T) {
	var p deflate.Packer
	run := []byte(strings.Repeat(`{"op":"step"},`, 1000))
	packed, err := p.Pack(run)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		packed []byte
		limit  int
		want   []byte
		err    error
	}{
		{"whole", packed, len(run), run, nil},
		{"stops at max", packed, len(run) - 1, run[:len(run)-1], nil},
		{"cut short", packed[:len(packed)/2], len(run), nil, errors.New("unexpected EOF")},
		{"not deflate", []byte{0xff, 0xff, 0xff}, len(run), nil, errors.New("flate: corrupt input before offset 1")},
		{"empty", nil, len(run), nil, errors.New("unexpected EOF")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.Unpack(tc.packed, tc.limit)
			if fmt.Sprint(err) != fmt.Sprint(tc.err) || !bytes.Equal(got, tc.want) {
				t.Fatalf("got %d bytes, %v; want %d bytes, %v", len(got), err, len(tc.want), tc.err)
			}
		})
	}
	if len(packed) >= len(run)/20 {
		t.Errorf("%d bytes packed to %d: not compressed", len(run), len(packed))
	}
}

func ExamplePacker() {
	var p deflate.Packer
	packed, _ := p.Pack([]byte("hello, hello, hello, hello"))
	raw, _ := p.Unpack(packed, 100)
	fmt.Println(string(raw))
	// Output: hello, hello, hello, hello
}
