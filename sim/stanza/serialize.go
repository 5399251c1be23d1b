package stanza

import "github.com/beevik/etree"

// Escape escapes the five XML special characters as Prosody's
// util.stanza.xml_escape does, in text and attribute values alike.
func Escape(s string) string {
	n := escapedLen(s)
	if n == len(s) {
		return s
	}
	return string(appendEscaped(make([]byte, 0, n), s))
}

// String serialises e the way Prosody writes a stanza: attributes in the
// element's order with single quotes, text and attribute values escaped,
// childless elements written as <name/>.
func String(e *etree.Element) string { return string(Bytes(e)) }

// Bytes is String as a byte slice, built with a single allocation of the
// exact size: the form the network takes.
func Bytes(e *etree.Element) []byte {
	return appendElement(make([]byte, 0, size(e)), e)
}

// TopTag serialises only e's start tag, as Prosody's stanza:top_tag() does
// for stream headers.
func TopTag(e *etree.Element) string {
	return string(append(appendOpenTag(nil, e), '>'))
}

// escapes holds the replacement of each byte Escape changes.
var escapes = [256]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '\'': "&apos;", '"': "&quot;"}

// extra is how many bytes escaping adds for each byte.
var extra = func() (t [256]uint8) {
	for c, r := range escapes {
		if r != "" {
			t[c] = uint8(len(r) - 1)
		}
	}
	return t
}()

// escapedLen is the length of s once escaped.
func escapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		n += int(extra[s[i]])
	}
	return n
}

// appendEscaped appends s to b, escaped.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if extra[s[i]] != 0 {
			b = append(append(b, s[last:i]...), escapes[s[i]]...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}

// nameLen and appendName handle a qualified name, prefix:local or local.
func nameLen(space, local string) int {
	if space == "" {
		return len(local)
	}
	return len(space) + 1 + len(local)
}

func appendName(b []byte, space, local string) []byte {
	if space != "" {
		b = append(append(b, space...), ':')
	}
	return append(b, local...)
}

// size is the length of e serialised.
func size(e *etree.Element) int {
	n := 1 + nameLen(e.Space, e.Tag) // "<name"
	for _, a := range e.Attr {
		n += 1 + nameLen(a.Space, a.Key) + 2 + escapedLen(a.Value) + 1 // " key='value'"
	}
	if len(e.Child) == 0 {
		return n + 2 // "/>"
	}
	n += 1 + 2 + nameLen(e.Space, e.Tag) + 1 // ">" ... "</name>"
	for _, tok := range e.Child {
		switch t := tok.(type) {
		case *etree.Element:
			n += size(t)
		case *etree.CharData:
			n += escapedLen(t.Data)
		}
	}
	return n
}

func appendOpenTag(b []byte, e *etree.Element) []byte {
	b = appendName(append(b, '<'), e.Space, e.Tag)
	for _, a := range e.Attr {
		b = appendName(append(b, ' '), a.Space, a.Key)
		b = append(appendEscaped(append(b, '=', '\''), a.Value), '\'')
	}
	return b
}

func appendElement(b []byte, e *etree.Element) []byte {
	b = appendOpenTag(b, e)
	if len(e.Child) == 0 {
		return append(b, '/', '>')
	}
	b = append(b, '>')
	for _, tok := range e.Child {
		switch t := tok.(type) {
		case *etree.Element:
			b = appendElement(b, t)
		case *etree.CharData:
			b = appendEscaped(b, t.Data)
		}
	}
	return append(appendName(append(b, '<', '/'), e.Space, e.Tag), '>')
}
