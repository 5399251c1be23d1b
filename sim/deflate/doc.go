// Package deflate packs a shared link's run with raw DEFLATE (RFC 1951)
// from the standard library: the engine.Packer of the command line and
// the tests. The page packs with the browser's own CompressionStream
// instead, which writes the same format, so that compress/flate is not
// part of its download; either reads the other's links.
package deflate
