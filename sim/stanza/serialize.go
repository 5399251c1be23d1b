package stanza

import (
	"strings"

	"github.com/beevik/etree"
)

var escaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;",
)

// Escape escapes the five XML special characters as Prosody's
// util.stanza.xml_escape does, in text and attribute values alike.
func Escape(s string) string { return escaper.Replace(s) }

// String serialises e the way Prosody writes a stanza: attributes in the
// element's order with single quotes, text and attribute values escaped,
// childless elements written as <name/>.
func String(e *etree.Element) string {
	var b strings.Builder
	write(&b, e)
	return b.String()
}

// TopTag serialises only e's start tag, as Prosody's stanza:top_tag() does
// for stream headers.
func TopTag(e *etree.Element) string {
	var b strings.Builder
	openTag(&b, e)
	b.WriteByte('>')
	return b.String()
}

func openTag(b *strings.Builder, e *etree.Element) {
	b.WriteByte('<')
	b.WriteString(e.FullTag())
	for _, a := range e.Attr {
		b.WriteByte(' ')
		b.WriteString(a.FullKey())
		b.WriteString("='")
		b.WriteString(Escape(a.Value))
		b.WriteByte('\'')
	}
}

func write(b *strings.Builder, e *etree.Element) {
	openTag(b, e)
	if len(e.Child) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	for _, tok := range e.Child {
		switch t := tok.(type) {
		case *etree.Element:
			write(b, t)
		case *etree.CharData:
			b.WriteString(Escape(t.Data))
		}
	}
	b.WriteString("</")
	b.WriteString(e.FullTag())
	b.WriteByte('>')
}
