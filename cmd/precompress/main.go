// Command precompress writes the brotli and zstd forms of the files named
// on its command line, beside them, for the page's server to send to
// browsers that accept them (web.Handler): FILE.br (brotli, quality 11,
// a 16 MiB window) and FILE.zst (zstd, its best level, an 8 MiB window,
// the most RFC 9659 lets a browser require). The Makefile runs it on
// main.wasm at build time:
//
//	go run ./cmd/precompress web/main.wasm
//
// The output depends only on the input, so a rebuild gives the same bytes.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := precompress(name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

// precompress writes name.br and name.zst.
func precompress(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	br, err := compressBrotli(data)
	if err != nil {
		return fmt.Errorf("%s: brotli: %w", name, err)
	}
	zst, err := compressZstd(data)
	if err != nil {
		return fmt.Errorf("%s: zstd: %w", name, err)
	}
	if err := writeAtomic(name+".br", br); err != nil {
		return err
	}
	return writeAtomic(name+".zst", zst)
}

func compressBrotli(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	return finish(&buf, w, data)
}

func compressZstd(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedBestCompression),
		zstd.WithWindowSize(8<<20), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	return finish(&buf, w, data)
}

// finish writes data through w and closes it, returning what buf got.
func finish(buf *bytes.Buffer, w io.WriteCloser, data []byte) ([]byte, error) {
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeAtomic writes name through a temporary file renamed over it, so
// that an interrupted build never leaves a truncated file to be served.
func writeAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
