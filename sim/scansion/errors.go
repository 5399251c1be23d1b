package scansion

import (
	"errors"
	"fmt"
)

// ParseError reports a script or payload that does not follow the format.
type ParseError struct {
	// File is the name given to Parse; it is empty for ParseStanzas.
	File string
	// Line is the 1-based line of the problem (in the payload for
	// ParseStanzas).
	Line int
	// Msg says what was wrong or expected.
	Msg string
}

// Error returns "file:line: msg", or "line N: msg" without a file name.
func (e *ParseError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Mismatch reports the first difference between an expected element and a
// received one.
type Mismatch struct {
	// Path locates the difference: elements by local name from the root,
	// "[n]" among same-named expected siblings, "@name" for an attribute.
	Path string
	// Msg describes the difference, usually "expected X, got Y".
	Msg string
}

// Error returns "path: msg".
func (m *Mismatch) Error() string {
	return m.Path + ": " + m.Msg
}

// ErrUnknownVariable is wrapped by the errors of Expand for a variable that
// the lookup function does not know.
var ErrUnknownVariable = errors.New("unknown variable")
