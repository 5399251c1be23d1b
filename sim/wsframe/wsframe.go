package wsframe

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// The namespaces of RFC 7395 framing and of the stream.
const (
	NSFraming = "urn:ietf:params:xml:ns:xmpp-framing"
	NSStream  = "http://etherx.jabber.org/streams"
)

// startTag reads the first start tag of p without resolving namespaces.
func startTag(p []byte) (xml.StartElement, bool) {
	d := xml.NewDecoder(bytes.NewReader(p))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return xml.StartElement{}, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true
		case xml.CharData, xml.ProcInst, xml.Comment:
			continue
		default:
			return xml.StartElement{}, false
		}
	}
}

// FromClient turns a client's message into stream bytes: <open/> becomes
// a stream header and <close/> the stream's end; anything else passes
// unchanged.
func FromClient(p []byte) []byte {
	if !bytes.Contains(p, []byte(NSFraming)) {
		return p
	}
	se, ok := startTag(p)
	if !ok || se.Name.Space != "" || attr(se, "", "xmlns") != NSFraming {
		return p
	}
	switch se.Name.Local {
	case "close":
		return []byte("</stream:stream>")
	case "open":
		var b strings.Builder
		b.WriteString("<stream:stream xmlns:stream='" + NSStream + "' xmlns='jabber:client'")
		for _, a := range se.Attr {
			if a.Name.Space == "" && a.Name.Local == "xmlns" {
				continue
			}
			name := a.Name.Local
			if a.Name.Space != "" {
				name = a.Name.Space + ":" + name
			}
			b.WriteString(" " + name + "='" + escape(a.Value) + "'")
		}
		b.WriteString(">")
		return []byte(b.String())
	}
	return p
}

// ToClient turns one chunk of server output into a WebSocket message:
// the stream header becomes <open/>, its end <close/>, and top-level
// elements declare their namespaces. Whitespace gives nil.
func ToClient(p []byte) []byte {
	s := strings.TrimSpace(string(p))
	s = strings.TrimPrefix(s, "<?xml version='1.0'?>")
	switch {
	case s == "":
		return nil
	case s == "</stream:stream>":
		return []byte("<close xmlns='" + NSFraming + "'/>")
	case strings.HasPrefix(s, "<stream:stream"):
		return []byte(OpenTag(s))
	case strings.HasPrefix(s, "<stream:"):
		return []byte(declare(s, "xmlns:stream='"+NSStream+"'"))
	case strings.HasPrefix(s, "<"):
		end := strings.IndexByte(s, '>')
		if end > 0 && !strings.Contains(s[:end], " xmlns=") {
			return []byte(declare(s, "xmlns='jabber:client'"))
		}
	}
	return []byte(s)
}

// OpenTag writes the <open/> that stands for a stream header.
func OpenTag(header string) string {
	se, _ := startTag([]byte(header))
	var b strings.Builder
	b.WriteString("<open xmlns='" + NSFraming + "'")
	for _, name := range []string{"xml:lang", "version", "id", "from", "to"} {
		space, local, _ := strings.Cut(name, ":")
		if local == "" {
			space, local = "", name
		}
		for _, a := range se.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				b.WriteString(" " + name + "='" + escape(a.Value) + "'")
			}
		}
	}
	b.WriteString("/>")
	return b.String()
}

// declare adds an attribute to the top-level element's start tag.
func declare(s, attribute string) string {
	i := strings.IndexAny(s, " />")
	if i < 0 {
		return s
	}
	return s[:i] + " " + attribute + s[i:]
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// escape writes an attribute value for single quotes.
func escape(v string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(v))
	return strings.ReplaceAll(b.String(), "'", "&apos;")
}
