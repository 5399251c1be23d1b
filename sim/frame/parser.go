package frame

import (
	"bytes"

	"github.com/beevik/etree"
)

// Namespace URIs the parser knows.
const (
	streamsNS = "http://etherx.jabber.org/streams"
	xmlNS     = "http://www.w3.org/XML/1998/namespace"
)

// openEl is an element whose end tag has not been read yet.
type openEl struct {
	el    *etree.Element
	name  []byte // raw qualified name, to match the end tag
	scope int    // len(parser.scope) before the element's declarations
}

// attr is an attribute as read from a start tag.
type attr struct {
	name  []byte
	colon int // index of ':' in name, or -1
	value string
}

// parser validates one complete unit and builds its etree element. It keeps
// its scratch space between units.
type parser struct {
	src     []byte
	pos     int
	stack   []openEl
	scope   []binding // declarations inside the stanza
	hdr     []binding // declarations on the stream header
	used    []binding // header declarations used inside the stanza
	attrs   []attr
	root    *etree.Element
	scratch []byte
	seen    map[string]struct{}
	intern  map[string]string
}

func (p *parser) reset(src []byte, hdr []binding) {
	p.src, p.pos, p.hdr, p.root = src, 0, hdr, nil
	p.stack, p.scope, p.used = p.stack[:0], p.scope[:0], p.used[:0]
}

// stanza parses a complete depth-1 element.
func (p *parser) stanza(raw []byte, hdr []binding) (*etree.Element, error) {
	p.reset(raw, hdr)
	for p.pos < len(p.src) {
		var err error
		switch {
		case p.src[p.pos] != '<':
			err = p.text()
		case p.pos+1 < len(p.src) && p.src[p.pos+1] == '/':
			err = p.closeElement()
		case p.pos+1 < len(p.src) && p.src[p.pos+1] == '!':
			err = p.cdata()
		default:
			err = p.openElement()
		}
		if err != nil {
			return nil, err
		}
		if len(p.stack) == 0 {
			break
		}
	}
	if len(p.stack) != 0 || p.pos != len(p.src) || p.root == nil {
		return nil, notWellFormed("unbalanced stanza")
	}
	p.finishRoot()
	return p.root, nil
}

// text reads character data up to the next '<'.
func (p *parser) text() error {
	i := bytes.IndexByte(p.src[p.pos:], '<')
	if i < 0 || len(p.stack) == 0 {
		return notWellFormed("text outside an element")
	}
	s, err := p.decode(p.src[p.pos:p.pos+i], modeText)
	if err != nil {
		return err
	}
	p.pos += i
	cd := p.stack[len(p.stack)-1].el.CreateText(s)
	if isSpace(s[0]) && isAllSpace(s) {
		cd.SetData(s) // marks it as whitespace, as etree's own reader does
	}
	return nil
}

// cdata reads a CDATA section.
func (p *parser) cdata() error {
	rest := p.src[p.pos:]
	i := bytes.Index(rest, []byte("]]>"))
	if len(p.stack) == 0 || !bytes.HasPrefix(rest, []byte("<!"+cdataOpen)) || i < 0 {
		return notWellFormed("bad CDATA section")
	}
	s, err := p.decode(rest[len("<!"+cdataOpen):i], modeCDATA)
	if err != nil {
		return err
	}
	p.pos += i + 3
	p.stack[len(p.stack)-1].el.CreateCData(s)
	return nil
}

// closeElement reads an end tag and checks it matches the open element.
func (p *parser) closeElement() error {
	name, err := p.endName()
	if err != nil {
		return err
	}
	top := p.stack[len(p.stack)-1]
	if !bytes.Equal(name, top.name) {
		return notWellFormed("mismatched end tag </" + string(name) + "> for <" + string(top.name) + ">")
	}
	p.stack = p.stack[:len(p.stack)-1]
	p.scope = p.scope[:top.scope]
	return nil
}

// endName reads "</name S? >" at p.pos and returns the name.
func (p *parser) endName() ([]byte, error) {
	p.pos += 2
	name, _, err := p.qname()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '>' {
		return nil, notWellFormed("bad end tag")
	}
	p.pos++
	return name, nil
}

// endTag parses a unit that is a lone end tag.
func (p *parser) endTag(raw []byte) ([]byte, error) {
	p.reset(raw, nil)
	name, err := p.endName()
	if err == nil && p.pos != len(raw) {
		err = notWellFormed("bad end tag")
	}
	return name, err
}
