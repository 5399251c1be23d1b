package stanza

import "github.com/beevik/etree"

// New returns an element named tag with the given attributes, given as
// name, value pairs; pairs whose value is empty are left out.
func New(tag string, attrs ...string) *etree.Element {
	e := etree.NewElement(tag)
	SetAttrs(e, attrs...)
	return e
}

// SetAttrs sets name, value pairs on e, skipping empty values.
func SetAttrs(e *etree.Element, attrs ...string) {
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			e.CreateAttr(attrs[i], attrs[i+1])
		}
	}
}

// Child appends a new child element to parent and returns it.
func Child(parent *etree.Element, tag string, attrs ...string) *etree.Element {
	c := New(tag, attrs...)
	parent.AddChild(c)
	return c
}

// TextChild appends <tag attrs...>text</tag> to parent and returns it.
func TextChild(parent *etree.Element, tag, text string, attrs ...string) *etree.Element {
	c := Child(parent, tag, attrs...)
	c.SetText(text)
	return c
}

// Attr returns the value of e's attribute key ("" when absent).
func Attr(e *etree.Element, key string) string {
	return e.SelectAttrValue(key, "")
}

// HasAttr reports whether e carries the attribute key.
func HasAttr(e *etree.Element, key string) bool {
	return e.SelectAttr(key) != nil
}

// Reply builds Prosody's st.reply: same name, to and from swapped, same
// id, type 'result' for an iq (otherwise the original type).
func Reply(orig *etree.Element) *etree.Element {
	typ := Attr(orig, "type")
	if orig.Tag == "iq" {
		typ = "result"
	}
	return New(orig.Tag, "type", typ, "id", Attr(orig, "id"),
		"to", Attr(orig, "from"), "from", Attr(orig, "to"))
}

// ErrorReply builds Prosody's st.error_reply: same element name, to and
// from swapped, same id, type 'error', one <error type=typ> child holding
// the condition and an optional text; the original payload is not echoed.
func ErrorReply(orig *etree.Element, typ, condition, text string) *etree.Element {
	r := New(orig.Tag, "type", "error", "id", Attr(orig, "id"),
		"to", Attr(orig, "from"), "from", Attr(orig, "to"))
	e := Child(r, "error", "type", typ)
	Child(e, condition, "xmlns", NSStanzas)
	if text != "" {
		TextChild(e, "text", text, "xmlns", NSStanzas)
	}
	return r
}

// StreamError builds <stream:error> with the condition, an optional text
// and an optional extra application-specific child.
func StreamError(condition, text string, extra *etree.Element) *etree.Element {
	e := New("stream:error")
	Child(e, condition, "xmlns", NSStreams)
	if text != "" {
		TextChild(e, "text", text, "xmlns", NSStreams)
	}
	if extra != nil {
		e.AddChild(extra)
	}
	return e
}

// SASLFailure builds <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>
// with the condition and an optional <text> (which inherits the SASL
// namespace, as in Prosody).
func SASLFailure(condition, text string) *etree.Element {
	f := New("failure", "xmlns", NSSASL)
	Child(f, condition)
	if text != "" {
		TextChild(f, "text", text)
	}
	return f
}

// Children returns e's child elements.
func Children(e *etree.Element) []*etree.Element {
	return e.ChildElements()
}

// NS returns the namespace URI of e, resolving prefixes through e's
// ancestors and e's own declarations.
func NS(e *etree.Element) string {
	return e.NamespaceURI()
}
