// Package ids draws every generated value of the simulator from one seeded
// source: stream ids (UUID v4), random resources (Prosody's util.id.short:
// 9 random bytes, base64url, 12 characters), session ids and salts.
//
// Nothing in the engine uses global randomness. The same seed gives the same
// sequence of identifiers, which is what makes a run replay byte for byte.
package ids
