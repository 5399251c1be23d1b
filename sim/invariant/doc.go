// Package invariant checks what must hold of a server's sessions at every
// step, whatever the clients do: how Prosody's mod_c2s, mod_saslauth,
// sessionmanager and mod_presence set and clear a c2s session's fields,
// read as rules. A session has a
// username only once authenticated, a resource and a full JID exactly
// while bound, a priority exactly while available, and nothing at all
// once destroyed; no two live sessions share a full JID.
//
// The page shows them as badges, in the style of BeatRaft's "SAFETY
// HOLDS", and the tests use them as an oracle: they are checked after
// every step of Prosody's scripts, of the lessons and of random runs.
package invariant
