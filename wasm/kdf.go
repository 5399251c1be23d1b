//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// webKDF derives PBKDF2 keys with the browser's Web Crypto, off the main
// thread and several times faster than Go compiled to WebAssembly (a
// crowd of 1,000 hashed logins took 36 s). Each call blocks the calling
// goroutine, the worker, while the event loop runs, so the page stays
// alive meanwhile. It checks itself against sasl.GoKDF on first use and
// gives way to it for good when Web Crypto is missing (pages served over
// plain http to another host) or disagrees: the engine's results must not
// depend on which one ran.
func webKDF() sasl.KDF {
	subtle := jsGlobal.Get("crypto").Get("subtle")
	if subtle.IsUndefined() {
		return nil
	}
	kdf := func(password string, salt []byte, iterations int, hashes ...string) ([][]byte, error) {
		key, err := await(subtle.Call("importKey", "raw", u8(password), "PBKDF2", false, []any{"deriveBits"}))
		if err != nil {
			return nil, err
		}
		runs := make([]any, len(hashes))
		for i, h := range hashes {
			bits := map[string]int{"SHA-1": 160, "SHA-256": 256}[h]
			runs[i] = subtle.Call("deriveBits", map[string]any{"name": "PBKDF2", "hash": h, "salt": u8(string(salt)), "iterations": iterations}, key, bits)
		}
		all, err := await(jsGlobal.Get("Promise").Call("all", runs))
		if err != nil {
			return nil, err
		}
		out := make([][]byte, len(hashes))
		for i := range out {
			buf := jsGlobal.Get("Uint8Array").New(all.Index(i))
			out[i] = make([]byte, buf.Length())
			js.CopyBytesToGo(out[i], buf)
		}
		return out, nil
	}
	if err := sasl.CheckKDF(kdf); err != nil {
		warn("Web Crypto's PBKDF2 is not used: " + err.Error())
		return nil
	}
	return kdf
}

// u8 is s as a Uint8Array.
func u8(s string) js.Value {
	a := jsGlobal.Get("Uint8Array").New(len(s))
	js.CopyBytesToJS(a, []byte(s))
	return a
}

// await blocks the calling goroutine until the Promise p settles. It must
// not be called from a JavaScript callback: only from a goroutine of its
// own, such as the worker.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any { done <- result{v: args[0]}; return nil })
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-done
	return r.v, r.err
}
