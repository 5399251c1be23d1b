// Package frame cuts an XMPP client-to-server byte stream into stream
// events: the stream header, complete top-level stanzas and the closing
// </stream:stream> tag.
//
// It plays the role of Prosody's util.xmppstream for the simulator. Bytes go
// in with [Framer.Write] in chunks of any size, split anywhere (inside a tag,
// an attribute value, an entity, a CDATA section or a multi-byte UTF-8
// character); events come out with [Framer.Next]. The same bytes give the same
// events whatever the chunking, which keeps the simulator deterministic.
//
// # Design
//
// The framer is goroutine-free and incremental. A light byte scanner (the
// cutter) finds where the next unit ends: a stream header, a whole depth-1
// element, the closing tag, or a run of text between stanzas. It remembers
// where it stopped, so every byte is scanned once however the input is split.
// Only when a unit is complete does a validating parser read it and build a
// detached [github.com/beevik/etree] element. Whitespace between stanzas
// (keepalives) is consumed as it arrives.
//
// # Restricted XML and errors
//
// XMPP forbids comments, processing instructions, DOCTYPE and entity
// declarations; the only permitted processing instruction is a leading XML
// declaration for version 1.0 in UTF-8 that is not standalone='no'. Any of
// these, and any well-formedness error (mismatched or unbalanced tags, bad
// UTF-8, characters outside XML 1.0, undefined entities, unbound namespace
// prefixes, duplicate attributes, nesting deeper than [MaxDepth]), yields an
// [*Error] with Condition "not-well-formed". A first element other than
// {http://etherx.jabber.org/streams}stream yields "invalid-namespace"
// (Prosody's "no-stream"). A pending unit larger than the size limit
// (Prosody's c2s_stanza_size_limit) yields "policy-violation" with Text
// "XML stanza is too big" as soon as the limit is passed. Errors are sticky.
//
// Each error is found at a definite byte of the stream (the byte that breaks
// the syntax, the byte that passes the size limit, or the last byte of a unit
// whose content is invalid), and the framer reports the earliest one, so the
// error too does not depend on the chunking.
//
// # Namespaces
//
// A stanza is cut out of the stream, so it would lose the namespaces declared
// on the stream header. The framer writes them back: the stanza root gets an
// explicit xmlns attribute with its effective default namespace (unless it
// declares its own) and an xmlns:prefix attribute for each header prefix used
// inside it, so [etree.Element.NamespaceURI] works on the detached tree.
//
// Non-whitespace text between stanzas is validated and then ignored: the
// Prosody reference says nothing about it.
package frame
