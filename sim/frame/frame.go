package frame

import (
	"errors"

	"github.com/beevik/etree"
)

// Kind says what an Event is.
type Kind int

const (
	// StreamOpen means a <stream:stream ...> header was read; Event.Header is set.
	StreamOpen Kind = iota + 1
	// Element means a complete top-level (depth 1) element was read; Event.Element is set.
	Element
	// StreamClose means </stream:stream> was read.
	StreamClose
)

// String returns the name of the kind.
func (k Kind) String() string {
	switch k {
	case StreamOpen:
		return "StreamOpen"
	case Element:
		return "Element"
	case StreamClose:
		return "StreamClose"
	}
	return "Kind(?)"
}

// Event is one thing read from the stream.
type Event struct {
	// Kind says which of the fields below are set.
	Kind Kind
	// Header is the stream header for StreamOpen: a detached element with
	// its attributes as sent and no children.
	Header *etree.Element
	// Element is the stanza for Element: a detached element whose root
	// carries explicit xmlns and xmlns:prefix attributes for the namespaces
	// it inherited from the stream header.
	Element *etree.Element
	// Raw holds the exact bytes of the header, element or closing tag as
	// received. It is nil for the StreamClose that follows a self-closing
	// header. The framer never writes to these bytes again.
	Raw []byte
}

// Stream error conditions produced by the framer (RFC 6120 §4.9.3).
const (
	// NotWellFormed is the condition for XML syntax errors and restricted XML.
	NotWellFormed = "not-well-formed"
	// InvalidNamespace is the condition for a first element that is not a stream header.
	InvalidNamespace = "invalid-namespace"
	// PolicyViolation is the condition for a stanza over the size limit.
	PolicyViolation = "policy-violation"
)

// TooBigText is the Text of the policy-violation error for an oversized stanza.
const TooBigText = "XML stanza is too big"

// MaxDepth is the deepest element nesting accepted inside a stanza; the
// stanza root is at depth 1.
const MaxDepth = 1024

// DefaultLimit is the size limit used when New is given a limit <= 0 (the
// default of Prosody's util.xmppstream).
const DefaultLimit = 1 << 20

// ErrMore is returned by Next when more bytes are needed.
var ErrMore = errors.New("frame: more bytes needed")

// Error is a stream-level failure. Condition is the RFC 6120 stream error
// condition, Text an optional human-readable text, Err an optional cause.
type Error struct {
	Condition string
	Text      string
	Err       error
}

// Error describes the failure.
func (e *Error) Error() string {
	s := "frame: " + e.Condition
	if e.Text != "" {
		s += ": " + e.Text
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

func notWellFormed(msg string) *Error {
	return &Error{Condition: NotWellFormed, Err: errors.New(msg)}
}
