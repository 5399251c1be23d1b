package frame

import "bytes"

// cstate is where the cutter stands inside a unit.
type cstate uint8

const (
	cText  cstate = iota // character data: look for '<'
	cLt                  // just after '<'
	cTag                 // inside a start tag, outside quotes
	cSlash               // after '/' in a start tag: '>' must follow
	cQuote               // inside an attribute value
	cEnd                 // inside an end tag
	cBang                // after "<!": only "[CDATA[" may follow
	cCDATA               // inside a CDATA section
	cDecl                // inside the XML declaration
)

const cdataOpen = "[CDATA["

// cutter finds where the unit at the start of the buffer ends, scanning each
// byte once however the input is split. It checks only what it needs to
// find the end early: restricted XML, '<' inside tags, nesting depth. The
// parser validates the complete unit.
type cutter struct {
	pos   int    // next byte to scan, from the unit start
	state cstate // scan state at pos
	depth int    // open elements inside the unit
	quote byte   // the quote closing the current attribute value
	k     int    // bytes of cdataOpen matched
	tag   int    // offset of the '<' of the current tag
	names []int  // start and end offsets of the open elements' names
}

// reset prepares the cutter for a new unit, keeping its memory.
func (c *cutter) reset() {
	*c = cutter{names: c.names[:0]}
}

// tagName returns the name of the tag starting at w[from], ending at
// whitespace, '/' or '>'.
func tagName(w []byte, from int) (int, int) {
	end := from
	for end < len(w) && !isSpace(w[end]) && w[end] != '/' && w[end] != '>' {
		end++
	}
	return from, end
}

// push records the name of the start tag just completed.
func (c *cutter) push(w []byte) {
	start, end := tagName(w, c.tag+1)
	c.names = append(c.names, start, end)
}

// pop checks the end tag just completed against the innermost open
// element. At depth zero the tag closes the stream; the framer checks it.
func (c *cutter) pop(w []byte) error {
	if len(c.names) == 0 {
		return nil
	}
	start, end := tagName(w, c.tag+2)
	n := len(c.names)
	if !bytes.Equal(w[start:end], w[c.names[n-2]:c.names[n-1]]) {
		return notWellFormed("mismatched end tag </" + string(w[start:end]) + ">")
	}
	c.names = c.names[:n-2]
	return nil
}

// run scans the unit at buf[0] (which is '<'). In header mode the unit ends
// with the first start tag; otherwise it ends when its depth returns to
// zero. It returns the unit's length, ErrMore, or an *Error.
func (c *cutter) run(buf []byte, limit int, header, allowDecl bool) (int, error) {
	w := buf
	if len(w) > limit {
		w = w[:limit]
	}
	if c.pos == 0 {
		c.pos, c.state = 1, cLt
	}
	for c.pos < len(w) {
		from := c.pos
		done, err := c.step(w, header, allowDecl)
		if err != nil || done {
			return c.pos, err
		}
		if c.pos == from {
			break // a terminator may be split: wait for more bytes
		}
	}
	if len(buf) > limit {
		return 0, &Error{Condition: PolicyViolation, Text: TooBigText}
	}
	return 0, ErrMore
}

// text scans character data between stanzas; it ends before the next '<'.
func (c *cutter) text(buf []byte, limit int) (int, error) {
	w := buf
	if len(w) > limit+1 {
		w = w[:limit+1]
	}
	if i := bytes.IndexByte(w[c.pos:], '<'); i >= 0 {
		return c.pos + i, nil
	}
	c.pos = len(w)
	if len(buf) > limit {
		return 0, &Error{Condition: PolicyViolation, Text: TooBigText}
	}
	return 0, ErrMore
}

// step advances through w from c.pos; it stalls only when a terminator may
// be split at the end of w.
func (c *cutter) step(w []byte, header, allowDecl bool) (bool, error) {
	switch c.state {
	case cText:
		c.scanText(w)
	case cLt:
		return false, c.afterLt(w[c.pos], header, allowDecl)
	case cTag:
		return c.scanTag(w, header)
	case cSlash:
		return c.afterSlash(w[c.pos], header)
	case cQuote:
		return false, c.scanQuote(w)
	case cEnd:
		return c.scanEnd(w)
	case cBang:
		return false, c.scanBang(w)
	case cCDATA:
		return c.scanUntil(w, "]]>", cText, c.depth == 0), nil
	case cDecl:
		return c.scanUntil(w, "?>", cText, true), nil
	}
	return false, nil
}

func (c *cutter) scanText(w []byte) {
	i := bytes.IndexByte(w[c.pos:], '<')
	if i < 0 {
		c.pos = len(w)
		return
	}
	c.tag = c.pos + i
	c.pos += i + 1
	c.state = cLt
}

// afterLt classifies the markup that starts with '<'.
func (c *cutter) afterLt(b byte, header, allowDecl bool) error {
	c.pos++
	switch b {
	case '/':
		if header {
			return notWellFormed("end tag before the stream header")
		}
		c.state = cEnd
	case '!':
		if header {
			return notWellFormed("comment or DOCTYPE (restricted XML)")
		}
		c.state, c.k = cBang, 0
	case '?':
		if !header || !allowDecl || c.pos != 2 {
			return notWellFormed("processing instruction (restricted XML)")
		}
		c.state = cDecl
	default:
		c.depth++
		if c.depth > MaxDepth {
			return notWellFormed("elements nested too deeply")
		}
		c.state = cTag
	}
	return nil
}

// scanTag scans a start tag outside attribute values.
func (c *cutter) scanTag(w []byte, header bool) (bool, error) {
	for ; c.pos < len(w); c.pos++ {
		switch b := w[c.pos]; b {
		case '"', '\'':
			c.pos++
			c.state, c.quote = cQuote, b
			return false, nil
		case '<':
			return false, notWellFormed("'<' inside a tag")
		case '/':
			c.pos++
			c.state = cSlash
			return false, nil
		case '>':
			c.pos++
			c.state = cText
			c.push(w)
			return header, nil
		}
	}
	return false, nil
}

func (c *cutter) afterSlash(b byte, header bool) (bool, error) {
	if b != '>' {
		return false, notWellFormed("'/' not followed by '>' in a tag")
	}
	c.pos++
	c.depth--
	c.state = cText
	return header || c.depth == 0, nil
}

func (c *cutter) scanQuote(w []byte) error {
	rest := w[c.pos:]
	i := bytes.IndexByte(rest, c.quote)
	if i >= 0 {
		rest = rest[:i]
	}
	if bytes.IndexByte(rest, '<') >= 0 {
		return notWellFormed("'<' inside an attribute value")
	}
	if i < 0 {
		c.pos = len(w)
		return nil
	}
	c.pos += i + 1
	c.state = cTag
	return nil
}

// scanEnd scans an end tag; the unit is done when depth falls to zero, or
// below it for the stream's own closing tag.
func (c *cutter) scanEnd(w []byte) (bool, error) {
	rest := w[c.pos:]
	i := bytes.IndexByte(rest, '>')
	if i >= 0 {
		rest = rest[:i]
	}
	if bytes.IndexByte(rest, '<') >= 0 {
		return false, notWellFormed("'<' inside an end tag")
	}
	if i < 0 {
		c.pos = len(w)
		return false, nil
	}
	c.pos += i + 1
	c.depth--
	c.state = cText
	return c.depth <= 0, c.pop(w)
}

func (c *cutter) scanBang(w []byte) error {
	for ; c.pos < len(w) && c.k < len(cdataOpen); c.pos, c.k = c.pos+1, c.k+1 {
		if w[c.pos] != cdataOpen[c.k] {
			return notWellFormed("comment, DOCTYPE or declaration (restricted XML)")
		}
	}
	if c.k == len(cdataOpen) {
		c.state = cCDATA
	}
	return nil
}

// scanUntil looks for the terminator end; done tells whether finding it
// completes the unit.
func (c *cutter) scanUntil(w []byte, end string, next cstate, done bool) bool {
	i := bytes.Index(w[c.pos:], []byte(end))
	if i < 0 {
		c.pos = max(c.pos, len(w)-len(end)+1)
		return false
	}
	c.pos += i + len(end)
	c.state = next
	return done
}
