// Package client is a simulated XMPP client that speaks real bytes over a
// vnet connection: it opens streams, authenticates with SASL PLAIN (with
// the right or a deliberately wrong password), restarts the stream, binds
// a resource, closes its stream or drops the connection. It parses what
// the server sends with the same framer the server uses, and keeps every
// stanza it received.
//
// The client never decides anything for the server: it only writes what a
// real client would write, so every field change on the server side comes
// from bytes on the wire.
package client
