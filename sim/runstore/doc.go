// Package runstore keeps a user's runs in a file system: the current run,
// runs saved under a name, and the cache of derived keys that lets a run
// with hashed passwords replay without PBKDF2. The page keeps it in the
// browser's IndexedDB (hackpadfs's indexeddb file system); tests use
// hackpadfs's mem file system.
//
// It never loses what a user saved: every write goes to a temporary file
// that is renamed over the old one, so a failed write leaves the old file as
// it was, and a current run that cannot be read is never overwritten.
package runstore
