package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// The forms written decode to the file, are smaller than it, and are the
// same bytes on a second run.
func TestPrecompress(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "main.wasm")
	data := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 (func $f (result i32) i32.const 42) "), 2000)
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := precompress(name); err != nil {
		t.Fatal(err)
	}
	br, _ := os.ReadFile(name + ".br")
	zst, _ := os.ReadFile(name + ".zst")
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("brotli: %d bytes back, %v", len(got), err)
	}
	zr, err := zstd.NewReader(bytes.NewReader(zst), zstd.WithDecoderMaxWindow(8<<20))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if got, err = io.ReadAll(zr); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("zstd: %d bytes back, %v", len(got), err)
	}
	if len(br) >= len(data) || len(zst) >= len(data) {
		t.Fatalf("not smaller: br %d, zst %d, raw %d", len(br), len(zst), len(data))
	}
	if err := precompress(name); err != nil {
		t.Fatal(err)
	}
	br2, _ := os.ReadFile(name + ".br")
	zst2, _ := os.ReadFile(name + ".zst")
	if !bytes.Equal(br, br2) || !bytes.Equal(zst, zst2) {
		t.Fatal("a second run wrote different bytes")
	}
	if _, err := os.Stat(name + ".br.tmp"); err == nil {
		t.Fatal("a temporary file was left")
	}
	if precompress(filepath.Join(dir, "missing")) == nil {
		t.Fatal("a missing file was not an error")
	}
}
