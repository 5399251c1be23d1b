// Package session defines the c2s session: exactly the fields of Prosody's
// doc/session.txt (conn, notopen, type, username, host, resource, full_jid,
// priority, presence, interested, roster) plus id and streamid, with the
// three classifications that document names — a connected resource (bound),
// an available resource (has sent available presence) and an interested
// resource (has requested the roster).
//
// A field that Prosody leaves nil is unset here too, and a Snapshot tells an
// unset field from a zero value: priority stays unset until the first
// available presence, as in Prosody.
package session
