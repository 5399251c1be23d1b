// Package sasl implements the server side of the SASL mechanisms Prosody
// offers to clients, PLAIN, SCRAM-SHA-1 and SCRAM-SHA-256, answering with
// Prosody's exact failure conditions and texts (util/sasl/plain.lua and
// util/sasl/scram.lua).
//
// A [Mechanism] is a pure state machine: the caller feeds it each decoded
// client message with [Mechanism.Step] and gets back a [Result] holding the
// next challenge, a success with its additional data, or a failure with a
// condition and text. Nothing here reads a clock or a random source: the
// server nonce comes from [Config.Nonce], and accounts come from the caller
// through [Accounts]. Base64 and the XML elements are the caller's business.
//
// # Credentials
//
// Accounts are stored as SCRAM keys ([Credentials]), never as passwords, as
// Prosody's internal_hashed provider does. PLAIN derives the keys again
// from the offered password; because that costs a full PBKDF2 run, an
// optional [Cache] remembers successful verifications.
//
// # Insecure mode
//
// [Config.Insecure] models authentication="insecure" (mod_auth_insecure,
// used by Prosody's scansion tests): every user exists and PLAIN accepts any
// password once the authcid passes SASLprep and nodeprep. That provider
// only has a plain_test backend, so Prosody offers no SCRAM mechanism at
// all: [New] reports false for SCRAM names and [Advertised] lists only
// PLAIN.
//
// # Prosody quirks kept on purpose
//
// Message parsing follows the Lua patterns of util/sasl, not the RFC
// grammars, so some odd messages pass (trailing data after the PLAIN
// password is ignored; any attribute may precede n= in a SCRAM
// client-first-message) and base64 inside SCRAM messages is decoded with
// Prosody's lenient decoder, which skips whitespace and stops at '='.
package sasl
