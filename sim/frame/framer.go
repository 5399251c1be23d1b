package frame

import "errors"

// level is where the framer stands in the stream.
type level int

const (
	prolog level = iota // before the stream header
	open                // inside the stream, between stanzas
	closed              // after </stream:stream>
)

// binding is one namespace declaration: prefix "" is the default namespace.
type binding struct {
	prefix, uri string
}

// Framer cuts a byte stream into Events. The zero value is not usable; call
// New. A Framer is not safe for concurrent use.
type Framer struct {
	limit    int
	buf      []byte // received, not yet consumed; a unit always starts at buf[0]
	cut      cutter // scan state of the unit at buf[0]
	lvl      level
	declSeen bool      // an XML declaration was read for this stream
	header   string    // raw qualified name of the stream header
	ns       []binding // namespaces declared on the stream header
	queued   *Event    // StreamClose after a self-closing header
	err      *Error    // sticky
	p        parser    // reusable stanza parser
}

// New returns a Framer refusing pending units larger than limit bytes
// (Prosody's c2s_stanza_size_limit, 262144 by default in mod_c2s). A limit
// <= 0 means DefaultLimit.
func New(limit int) *Framer {
	if limit <= 0 {
		limit = DefaultLimit
	}
	return &Framer{limit: limit}
}

// Write appends received bytes. It never fails; after an error the bytes are
// dropped.
func (f *Framer) Write(p []byte) {
	if f.err != nil {
		return
	}
	f.buf = append(f.buf, p...)
}

// Buffered returns the number of bytes received but not yet consumed.
func (f *Framer) Buffered() int { return len(f.buf) }

// Reset starts a new stream, as Prosody's reset_stream does after SASL
// success: the next element must be a stream header with its own namespace
// declarations, and an XML declaration may precede it. Bytes already buffered
// are kept and read under the new stream. Reset does not clear an error.
func (f *Framer) Reset() {
	f.cut.reset()
	f.lvl = prolog
	f.declSeen = false
	f.header = ""
	f.ns = nil
	f.queued = nil
}

// Next returns the next complete event. It returns ErrMore when more bytes
// are needed, and an *Error when the stream is broken; after an *Error the
// framer is dead and returns the same error for ever.
func (f *Framer) Next() (Event, error) {
	if f.err != nil {
		return Event{}, f.err
	}
	if q := f.queued; q != nil {
		f.queued = nil
		return *q, nil
	}
	ev, err := f.next()
	if err != nil && err != ErrMore {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Condition: NotWellFormed, Err: err}
		}
		f.err, f.buf = e, nil
		return Event{}, e
	}
	return ev, err
}

// next skips whitespace and ignorable text, then reads one unit.
func (f *Framer) next() (Event, error) {
	for {
		if f.cut.pos == 0 {
			f.skipSpace()
		}
		if len(f.buf) == 0 {
			return Event{}, ErrMore
		}
		if f.lvl == closed {
			return Event{}, notWellFormed("content after the stream was closed")
		}
		if f.buf[0] != '<' {
			if err := f.text(); err != nil {
				return Event{}, err
			}
			continue
		}
		end, err := f.cut.run(f.buf, f.limit, f.lvl == prolog, !f.declSeen)
		if err != nil {
			return Event{}, err
		}
		raw := f.buf[:end:end]
		f.buf = f.buf[end:]
		f.cut.reset()
		ev, ok, err := f.unit(raw)
		if err != nil || ok {
			return ev, err
		}
	}
}

// skipSpace consumes XML whitespace at the start of the buffer.
func (f *Framer) skipSpace() {
	i := 0
	for i < len(f.buf) && isSpace(f.buf[i]) {
		i++
	}
	f.buf = f.buf[i:]
}

// text handles character data outside any stanza. Before the header it is
// an error; between stanzas it is validated and ignored.
func (f *Framer) text() error {
	if f.lvl != open {
		return notWellFormed("text before the stream header")
	}
	end, err := f.cut.text(f.buf, f.limit)
	if err != nil {
		return err
	}
	if _, err := f.p.decode(f.buf[:end], modeText); err != nil {
		return err
	}
	f.buf = f.buf[end:]
	f.cut.reset()
	return nil
}

// unit turns one complete unit into an event; ok is false for units that
// make no event (an XML declaration, ignorable CDATA).
func (f *Framer) unit(raw []byte) (Event, bool, error) {
	switch {
	case raw[1] == '?':
		f.declSeen = true
		return Event{}, false, f.p.decl(raw)
	case raw[1] == '!':
		_, err := f.p.decode(raw[9:len(raw)-3], modeCDATA)
		return Event{}, false, err
	case raw[1] == '/':
		ev, err := f.closeTag(raw)
		return ev, err == nil, err
	case f.lvl == prolog:
		ev, err := f.streamHeader(raw)
		return ev, err == nil, err
	}
	el, err := f.p.stanza(raw, f.ns)
	if err != nil {
		return Event{}, false, err
	}
	return Event{Kind: Element, Element: el, Raw: raw}, true, nil
}

// closeTag handles </stream:stream>.
func (f *Framer) closeTag(raw []byte) (Event, error) {
	name, err := f.p.endTag(raw)
	if err != nil {
		return Event{}, err
	}
	if f.lvl != open || string(name) != f.header {
		return Event{}, notWellFormed("mismatched end tag </" + string(name) + ">")
	}
	f.lvl = closed
	return Event{Kind: StreamClose, Raw: raw}, nil
}

// streamHeader handles the first element of a stream.
func (f *Framer) streamHeader(raw []byte) (Event, error) {
	h, err := f.p.header(raw)
	if err != nil {
		return Event{}, err
	}
	f.header, f.ns, f.lvl = h.name, h.ns, open
	if h.empty {
		f.lvl = closed
		f.queued = &Event{Kind: StreamClose}
	}
	return Event{Kind: StreamOpen, Header: h.el, Raw: raw}, nil
}
