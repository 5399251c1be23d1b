package frame

import (
	"strings"

	"github.com/beevik/etree"
)

// headerInfo is what a stream header tells the framer.
type headerInfo struct {
	el    *etree.Element
	name  string    // raw qualified name, to match </stream:stream>
	ns    []binding // its namespace declarations
	empty bool      // self-closing
}

// header parses the first element of a stream, which must be
// {http://etherx.jabber.org/streams}stream.
func (p *parser) header(raw []byte) (headerInfo, error) {
	p.reset(raw, nil)
	name, colon, empty, err := p.startTag()
	if err == nil && p.pos != len(raw) {
		err = notWellFormed("bad stream header")
	}
	if err != nil {
		return headerInfo{}, err
	}
	var ns []binding
	if err := p.declare(&ns); err != nil {
		return headerInfo{}, err
	}
	p.hdr = ns
	if err := p.resolveAll(name, colon); err != nil {
		return headerInfo{}, err
	}
	prefix, local := split(name, colon)
	uri, _ := lookup(ns, "")
	if colon >= 0 {
		uri, _ = p.resolve(prefix)
	}
	if uri != streamsNS || string(local) != "stream" {
		return headerInfo{}, &Error{Condition: InvalidNamespace}
	}
	el := p.build(name, colon)
	return headerInfo{el: el, name: string(name), ns: ns, empty: empty}, nil
}

// decl parses the XML declaration "<?xml version='1.0' ...?>"; any other
// processing instruction is restricted XML.
func (p *parser) decl(raw []byte) error {
	p.reset(raw[:len(raw)-2], nil)
	p.pos = 2
	name, _, err := p.qname()
	if err != nil || string(name) != "xml" {
		return notWellFormed("processing instruction (restricted XML)")
	}
	p.attrs = p.attrs[:0]
	for {
		sp := p.space()
		if p.pos == len(p.src) {
			return checkDecl(p.attrs)
		}
		if !sp {
			return notWellFormed("bad XML declaration")
		}
		if err := p.attribute(); err != nil {
			return err
		}
	}
}

// checkDecl accepts version 1.0, then optionally UTF-8 encoding and
// standalone='yes', in that order.
func checkDecl(attrs []attr) error {
	if len(attrs) == 0 || string(attrs[0].name) != "version" {
		return notWellFormed("XML declaration without version")
	}
	names := [...]string{"version", "encoding", "standalone"}
	i := 0
	for _, a := range attrs {
		for i < len(names) && string(a.name) != names[i] {
			i++
		}
		if i == len(names) {
			return notWellFormed("bad XML declaration")
		}
		if !declValueOK(names[i], a.value) {
			return notWellFormed("XML declaration " + names[i] + "='" + a.value + "' refused")
		}
		i++
	}
	return nil
}

func declValueOK(name, value string) bool {
	switch name {
	case "version":
		return value == "1.0"
	case "encoding":
		return strings.EqualFold(value, "UTF-8")
	}
	return value == "yes"
}
