// Package loadgen is a load client for any XMPP server: many clients log
// in over TCP with SASL PLAIN, bind a resource, send directed presence to
// a ring of contacts and messages to some of them, and count what each
// receives, so that nothing lost and nothing duplicated can be checked
// and messages per second measured. The server must offer PLAIN without
// TLS (SessionScope does on loopback; Prosody does with
// c2s_require_encryption = false and allow_unencrypted_plain_auth = true)
// and accept the users' password (for example with authentication =
// "insecure").
package loadgen
