// Package storage keeps the server's data in a hackpadfs file system: the
// mem file system in tests and scenarios, IndexedDB in the browser, the
// operating system's on the command line. Every backend uses one layout:
//
//	<host>/accounts/<user>.json   credentials (SCRAM keys, never passwords)
//	<host>/roster/<user>.json     roster: version, items, pending requests, pre-approvals
//	<host>/offline/<user>.json    offline messages, oldest first
//
// Writes are atomic: the data goes to a temporary file that is then renamed
// over the old one, so a failed write never leaves a half-written file.
package storage
