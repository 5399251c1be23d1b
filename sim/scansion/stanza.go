package scansion

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/beevik/etree"
)

// Namespaces used by payloads.
const (
	// NSClient is the default namespace of payloads: jabber:client.
	NSClient = "jabber:client"
	// NSScansion is the namespace this package binds to the scansion:
	// prefix, which scripts use without declaring it. The URI real scansion
	// uses is not known; only the prefix matters to scripts.
	NSScansion = "https://matthewwild.co.uk/projects/scansion"
	nsXML      = "http://www.w3.org/XML/1998/namespace"
)

const wrapperTag = "scansion-payload"

// ParseStanzas parses a payload (after Expand) into its top-level
// elements. Whitespace and comments between elements are allowed; any other
// text is not. Whitespace-only text inside elements is indentation and is
// removed, so the elements can be sent as they are. Each returned element is detached and carries the namespace
// declarations it relies on: xmlns="jabber:client" unless it declares its
// own default namespace, and xmlns:scansion when it uses that prefix
// undeclared. Errors are *ParseError values with lines counted from the
// payload's first line.
func ParseStanzas(payload string) ([]*etree.Element, error) {
	if err := checkPayload(payload); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	src := "<" + wrapperTag + ">" + payload + "</" + wrapperTag + ">"
	if err := doc.ReadFromString(src); err != nil {
		return nil, &ParseError{Line: 1, Msg: "malformed XML payload: " + err.Error()}
	}
	var out []*etree.Element
	for _, c := range doc.Root().ChildElements() {
		e := c.Copy()
		stripSpace(e)
		declare(e)
		out = append(out, e)
	}
	return out, nil
}

// stripSpace removes whitespace-only text from e and its descendants: in
// payloads it is indentation, never content.
func stripSpace(e *etree.Element) {
	for i := len(e.Child) - 1; i >= 0; i-- {
		switch t := e.Child[i].(type) {
		case *etree.CharData:
			if strings.TrimSpace(t.Data) == "" {
				e.RemoveChildAt(i)
			}
		case *etree.Element:
			stripSpace(t)
		}
	}
}

// checkPayload checks payload is well-formed and holds at least one
// element, with messages that name the line.
func checkPayload(payload string) error {
	d := xml.NewDecoder(strings.NewReader(payload))
	var open []string
	var openLine []int
	elements := 0
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) && len(open) == 0 {
			break
		}
		if err != nil {
			return payloadError(err, line, open, openLine)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name.Local)
			openLine = append(openLine, line)
			elements++
		case xml.EndElement:
			open, openLine = open[:len(open)-1], openLine[:len(openLine)-1]
		case xml.CharData:
			if len(open) == 0 && strings.TrimSpace(string(t)) != "" {
				return strayText(string(t), line)
			}
		case xml.ProcInst, xml.Directive:
			return &ParseError{Line: line, Msg: "malformed XML payload: processing instructions and directives are not allowed"}
		}
	}
	if elements == 0 {
		return &ParseError{Line: 1, Msg: "payload holds no element"}
	}
	return nil
}

// strayText reports text outside any element; line is where it starts.
func strayText(text string, line int) error {
	lead := text[:len(text)-len(strings.TrimLeftFunc(text, unicode.IsSpace))]
	return &ParseError{Line: line + strings.Count(lead, "\n"), Msg: fmt.Sprintf(
		"malformed XML payload: text %q outside an element", strings.TrimSpace(text))}
}

// payloadError converts a decoder error into a *ParseError.
func payloadError(err error, line int, open []string, openLine []int) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		if len(open) > 0 && strings.Contains(se.Msg, "unexpected EOF") {
			n := len(open) - 1
			return &ParseError{Line: openLine[n], Msg: fmt.Sprintf(
				"unterminated payload: element <%s> is not closed", open[n])}
		}
		return &ParseError{Line: line, Msg: "malformed XML payload: " + se.Msg}
	}
	return &ParseError{Line: line, Msg: "malformed XML payload: " + err.Error()}
}

// declare adds to the detached element e the namespace declarations it
// inherited from the payload's implicit context.
func declare(e *etree.Element) {
	if _, ok := lookupDecl(e, ""); !ok {
		e.Attr = append([]etree.Attr{{Key: "xmlns", Value: NSClient}}, e.Attr...)
	}
	if usesPrefix(e, "scansion") {
		if _, ok := lookupDecl(e, "scansion"); !ok {
			e.CreateAttr("xmlns:scansion", NSScansion)
		}
	}
}

// usesPrefix reports whether e or a descendant uses prefix on its name or
// an attribute's.
func usesPrefix(e *etree.Element, prefix string) bool {
	if e.Space == prefix {
		return true
	}
	for _, a := range e.Attr {
		if a.Space == prefix {
			return true
		}
	}
	for _, c := range e.ChildElements() {
		if usesPrefix(c, prefix) {
			return true
		}
	}
	return false
}

// lookupDecl finds the namespace bound to prefix ("" for the default
// namespace) on e or its ancestors.
func lookupDecl(e *etree.Element, prefix string) (string, bool) {
	for x := e; x != nil; x = x.Parent() {
		for _, a := range x.Attr {
			if isDecl(a) && declPrefix(a) == prefix {
				return a.Value, true
			}
		}
	}
	return "", false
}

// isDecl reports whether a is a namespace declaration.
func isDecl(a etree.Attr) bool {
	return a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns")
}

// declPrefix returns the prefix a declares ("" for xmlns="...").
func declPrefix(a etree.Attr) string {
	if a.Space == "" {
		return ""
	}
	return a.Key
}

// elementNS resolves the namespace of e. With no declaration in scope the
// default namespace is jabber:client.
func elementNS(e *etree.Element) string {
	if e.Space == "" {
		if ns, ok := lookupDecl(e, ""); ok {
			return ns
		}
		return NSClient
	}
	return prefixNS(e, e.Space)
}

// prefixNS resolves prefix in the scope of e. The xml and scansion
// prefixes are predeclared; any other undeclared prefix stands for itself.
func prefixNS(e *etree.Element, prefix string) string {
	if prefix == "xml" {
		return nsXML
	}
	if ns, ok := lookupDecl(e, prefix); ok {
		return ns
	}
	if prefix == "scansion" {
		return NSScansion
	}
	return prefix
}

// Pretty returns e as XML indented by two spaces per level, for failure
// reports. Whitespace-only text is dropped; other text is kept.
func Pretty(e *etree.Element) string {
	if e == nil {
		return ""
	}
	doc := etree.NewDocument()
	doc.SetRoot(e.Copy())
	doc.Indent(2)
	s, err := doc.WriteToString()
	if err != nil {
		return ""
	}
	return strings.TrimRight(s, "\n")
}
