//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// webPacker packs share links with the browser's CompressionStream and
// DecompressionStream ("deflate-raw"): the same raw DEFLATE the command
// line reads and writes with compress/flate (sim/deflate), which the page
// is spared (19 KB of its compressed download). Like webKDF, its calls
// block the calling goroutine, the worker or the keeper's, while the
// event loop runs the streams; never call them from a JavaScript
// callback.
type webPacker struct{}

// Pack compresses raw.
func (webPacker) Pack(raw []byte) ([]byte, error) { return pipe("CompressionStream", raw, -1) }

// Unpack inflates packed, stopping once it has max bytes.
func (webPacker) Unpack(packed []byte, max int) ([]byte, error) {
	return pipe("DecompressionStream", packed, max)
}

// pipe runs in through a new stream of kind and reads out everything, or
// max bytes when max >= 0.
func pipe(kind string, in []byte, max int) ([]byte, error) {
	ctor := jsGlobal.Get(kind)
	if ctor.IsUndefined() {
		return nil, errors.New("this browser has no " + kind)
	}
	src := jsGlobal.Get("Blob").New([]any{u8(string(in))}).Call("stream")
	reader := src.Call("pipeThrough", ctor.New("deflate-raw")).Call("getReader")
	var out []byte
	for {
		chunk, err := await(reader.Call("read"))
		if err != nil {
			return nil, err
		}
		if chunk.Get("done").Bool() {
			return out, nil
		}
		v := chunk.Get("value")
		n := len(out)
		out = append(out, make([]byte, v.Length())...)
		js.CopyBytesToGo(out[n:], v)
		if max >= 0 && len(out) >= max {
			reader.Call("cancel")
			return out[:max], nil
		}
	}
}
