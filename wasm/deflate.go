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

// errTooLarge reports a link that inflates past the limit.
var errTooLarge = errors.New("too large")

// Pack compresses raw.
func (webPacker) Pack(raw []byte) ([]byte, error) { return pipe("CompressionStream", raw, -1) }

// Unpack inflates packed, stopping as soon as it passes limit bytes.
func (webPacker) Unpack(packed []byte, limit int) ([]byte, error) {
	return pipe("DecompressionStream", packed, limit)
}

// pipe runs in through a new stream of kind and reads everything out,
// failing past limit bytes (limit < 0: no limit).
func pipe(kind string, in []byte, limit int) ([]byte, error) {
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
		if limit >= 0 && n+v.Length() > limit {
			reader.Call("cancel")
			return nil, errTooLarge
		}
		out = append(out, make([]byte, v.Length())...)
		js.CopyBytesToGo(out[n:], v)
	}
}
