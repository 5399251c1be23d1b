// Package jid splits, prepares and joins XMPP addresses exactly as
// Prosody's util.jid does.
//
// Prosody's rules are older than RFC 7622: parts are prepared with the
// stringprep profiles of RFC 3920 (nodeprep, nameprep, resourceprep) rather
// than PRECIS, so this package uses the libidn-compatible profiles in
// package [github.com/sessionscope/sessionscope/sim/jid/stringprep] instead
// of mellium.im/xmpp/jid, whose PRECIS classes accept and reject different
// strings.
//
// # Splitting
//
// [Split] follows util.jid.split: the node is the text before the first '@'
// when that '@' comes before any '/', the host runs up to the next '@' or
// '/', and the resource is everything after the following '/', which may
// itself hold '@' and '/'. Empty parts make the whole address invalid.
// Where Prosody returns nil this package returns empty strings and false.
//
// # Preparing
//
// [PreppedSplit] and [Prep] add util.jid.prepped_split: one trailing '.' is
// stripped from the host (a host of "." alone is invalid), then the host is
// nameprepped, the node nodeprepped and the resource resourceprepped, all
// non-strict as Prosody's router does. Any part of 1024 bytes or more fails.
//
// Three deliberate tightenings keep [Prep] idempotent where Prosody's is
// not: a part that prepares to the empty string (for example a soft hyphen
// alone), a host still ending in '.' after preparation (for example "a..")
// and a host that preparation gives an '@' or a '/' (NFKC maps U+FE6B SMALL
// COMMERCIAL AT to '@' and U+FF0F FULLWIDTH SOLIDUS to '/') are invalid
// here, where Prosody would return "", "a." or a host that splits
// differently when read again.
package jid
