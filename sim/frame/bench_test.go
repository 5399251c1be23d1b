package frame_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/sessionscope/sessionscope/sim/frame"
)

var benchStream = mixedStream(2000)

// BenchmarkRawTokenizer is the ceiling: encoding/xml's RawToken over the
// same bytes, building nothing.
func BenchmarkRawTokenizer(b *testing.B) {
	b.SetBytes(int64(len(benchStream)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(benchStream))
		for {
			if _, err := d.RawToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFramer frames the same bytes and builds every etree element,
// fed in 4 KiB chunks and in one chunk.
func BenchmarkFramer(b *testing.B) {
	for _, bc := range []struct {
		name  string
		chunk int
	}{{"chunk4k", 4096}, {"oneChunk", len(benchStream)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(benchStream)))
			b.ReportAllocs()
			for b.Loop() {
				if n := frameAll(b, benchStream, bc.chunk); n != 2002 {
					b.Fatalf("got %d events", n)
				}
			}
		})
	}
}

func frameAll(b *testing.B, in []byte, chunk int) int {
	f := frame.New(1 << 20)
	n := 0
	for len(in) > 0 {
		k := min(chunk, len(in))
		f.Write(in[:k])
		in = in[k:]
		for {
			_, err := f.Next()
			if err == frame.ErrMore {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	return n
}
