// Package storage keeps the server's data in a hackpadfs file system: the
// mem file system in tests, scenarios and the page (whose run is rebuilt
// from its inputs, so its server's data needs no keeping; the page keeps
// the run itself in IndexedDB through sim/runstore), and the operating
// system's on the command line (`sessionscope listen -data DIR`). Every
// backend uses one layout:
//
//	<host>/accounts/<user>.json   credentials (SCRAM keys, never passwords)
//	<host>/roster/<user>.json     roster: version, items, pending requests, pre-approvals
//	<host>/offline/<user>.jsonl   offline messages, oldest first, one JSON object a line
//	<host>/offline/<user>.json    offline messages as stored before (one JSON array), read first
//
// Writes are atomic: the data goes to a temporary file that is then renamed
// over the old one, so a failed write never leaves a half-written file.
// An offline queue is the exception, as in Prosody 13, whose mod_offline
// keeps an archive: a new message is one line appended, never a rewrite of
// the queue; an append that fails is cut off, and a line left unfinished
// by a crash is ignored and cut off at the next append.
package storage
