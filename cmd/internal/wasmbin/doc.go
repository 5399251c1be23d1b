// Package wasmbin reads and writes the parts of the WebAssembly binary
// format that the build's tools need: LEB128 integers, names and the
// module's sections. cmd/wasmsize reports what a module holds with it,
// and cmd/wasmslim rewrites a module's data section.
package wasmbin
