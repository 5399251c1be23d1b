package frame

import (
	"bytes"

	"github.com/beevik/etree"
)

// startTag reads "<name attrs" up to and including '>' or "/>" into p.attrs.
func (p *parser) startTag() (name []byte, colon int, empty bool, err error) {
	p.pos++
	if name, colon, err = p.qname(); err != nil {
		return nil, 0, false, err
	}
	p.attrs = p.attrs[:0]
	for {
		sp := p.space()
		if p.pos >= len(p.src) {
			return nil, 0, false, notWellFormed("unterminated start tag")
		}
		switch p.src[p.pos] {
		case '>':
			p.pos++
			return name, colon, false, p.checkDuplicates()
		case '/':
			if p.pos+1 < len(p.src) && p.src[p.pos+1] == '>' {
				p.pos += 2
				return name, colon, true, p.checkDuplicates()
			}
			return nil, 0, false, notWellFormed("'/' not followed by '>'")
		}
		if !sp {
			return nil, 0, false, notWellFormed("missing whitespace before attribute")
		}
		if err := p.attribute(); err != nil {
			return nil, 0, false, err
		}
	}
}

// attribute reads name S? = S? quoted-value.
func (p *parser) attribute() error {
	name, colon, err := p.qname()
	if err != nil {
		return err
	}
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '=' {
		return notWellFormed("attribute without '='")
	}
	p.pos++
	p.space()
	if p.pos >= len(p.src) || (p.src[p.pos] != '"' && p.src[p.pos] != '\'') {
		return notWellFormed("attribute value not quoted")
	}
	q := p.src[p.pos]
	p.pos++
	i := bytes.IndexByte(p.src[p.pos:], q)
	if i < 0 {
		return notWellFormed("unterminated attribute value")
	}
	v, err := p.decode(p.src[p.pos:p.pos+i], modeAttr)
	if err != nil {
		return err
	}
	p.pos += i + 1
	p.attrs = append(p.attrs, attr{name: name, colon: colon, value: v})
	return nil
}

// checkDuplicates refuses two attributes with the same name.
func (p *parser) checkDuplicates() error {
	if len(p.attrs) <= 16 {
		for i := 1; i < len(p.attrs); i++ {
			for j := 0; j < i; j++ {
				if bytes.Equal(p.attrs[i].name, p.attrs[j].name) {
					return notWellFormed("duplicate attribute " + string(p.attrs[i].name))
				}
			}
		}
		return nil
	}
	if p.seen == nil {
		p.seen = make(map[string]struct{})
	}
	clear(p.seen)
	for _, a := range p.attrs {
		if _, dup := p.seen[string(a.name)]; dup {
			return notWellFormed("duplicate attribute " + string(a.name))
		}
		p.seen[string(a.name)] = struct{}{}
	}
	return nil
}

// openElement reads a start tag inside a stanza and adds its element.
func (p *parser) openElement() error {
	if len(p.stack) >= MaxDepth {
		return notWellFormed("elements nested too deeply")
	}
	name, colon, empty, err := p.startTag()
	if err != nil {
		return err
	}
	mark := len(p.scope)
	if err := p.declare(&p.scope); err != nil {
		return err
	}
	if err := p.resolveAll(name, colon); err != nil {
		return err
	}
	el := p.build(name, colon)
	if empty {
		p.scope = p.scope[:mark]
		return nil
	}
	p.stack = append(p.stack, openEl{el: el, name: name, scope: mark})
	return nil
}

// build creates the element for the start tag just read.
func (p *parser) build(name []byte, colon int) *etree.Element {
	prefix, local := split(name, colon)
	var el *etree.Element
	if len(p.stack) == 0 {
		el = etree.NewElement("")
		p.root = el
	} else {
		el = p.stack[len(p.stack)-1].el.CreateElement("")
	}
	el.Space, el.Tag = p.str(prefix), p.str(local)
	if n := p.attrRoom(); n > 0 {
		el.Attr = make([]etree.Attr, 0, n)
	}
	for _, a := range p.attrs {
		prefix, local := split(a.name, a.colon)
		addAttr(el, p.str(prefix), p.str(local), a.value)
	}
	return el
}

// attrRoom is how many attributes the element being built needs room
// for: its own, and on the stanza root the namespaces finishRoot adds.
func (p *parser) attrRoom() int {
	if len(p.stack) > 0 || len(p.attrs) == 0 {
		return len(p.attrs)
	}
	return len(p.attrs) + 2
}

// addAttr appends an attribute without etree's linear search for an
// existing key (the parser has already refused duplicates).
func addAttr(el *etree.Element, space, key, value string) {
	if len(el.Attr) == 0 {
		el.CreateAttr(key, value).Space = space
		return
	}
	a := el.Attr[0] // carries the unexported owner pointer
	a.Space, a.Key, a.Value = space, key, value
	el.Attr = append(el.Attr, a)
}

// finishRoot writes the inherited namespaces onto the stanza root.
func (p *parser) finishRoot() {
	if def, ok := lookup(p.hdr, ""); ok && def != "" && !declaresDefault(p.root) {
		addAttr(p.root, "", "xmlns", def)
	}
	for _, b := range p.used {
		addAttr(p.root, "xmlns", b.prefix, b.uri)
	}
}

func declaresDefault(el *etree.Element) bool {
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == "xmlns" {
			return true
		}
	}
	return false
}

func split(name []byte, colon int) (prefix, local []byte) {
	if colon < 0 {
		return nil, name
	}
	return name[:colon], name[colon+1:]
}
