// Package live serves real XMPP clients from a SessionScope engine: a
// TCP listener (RFC 6120) and a WebSocket endpoint (RFC 7395) whose
// sockets feed one channel, read by the single goroutine that owns the
// engine. Every byte a socket delivers becomes a recorded engine input
// (engine.Dial, Recv, Hangup), and the clock is advanced from real time by
// recorded Advance inputs, so a live run replays exactly without sockets.
//
// The listener protects the engine and its clients as Prosody does: the
// engine's stanza size limit and unauthenticated-session timeout apply;
// a connection idle for the read timeout gets a keepalive if its stream is
// open and is dropped otherwise; connections beyond the maximum, overall
// or from one address, are refused with a stream error; and each
// connection has a bounded write queue, so a client that does not read
// is dropped instead of blocking the others. A long run stays bounded:
// inputs are kept only when recording, and only the newest destroyed
// sessions stay on view. The events a page watches need a secret token
// and show SASL credentials masked (Guard).
package live
