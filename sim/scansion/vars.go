package scansion

import (
	"errors"
	"fmt"
	"strings"
)

// The properties a variable can name.
const (
	// PropJID is the property of ${Name's JID}: the client's bare JID.
	PropJID = "JID"
	// PropFullJID is the property of ${Name's full JID}: the JID bound when
	// the client connected.
	PropFullJID = "full JID"
)

// errUnterminated reports "${" without a closing "}" on the same line.
var errUnterminated = errors.New("unterminated variable: expected '}' after '${'")

// SplitVar splits the text of a variable (between "${" and "}") at its
// last "'s " into a client name and a property. "Juliet's phone's full JID"
// gives "Juliet's phone" and "full JID". ok is false when there is no "'s ".
func SplitVar(name string) (client, property string, ok bool) {
	i := strings.LastIndex(name, "'s ")
	if i < 0 {
		return "", "", false
	}
	return name[:i], name[i+3:], true
}

// Expand replaces every ${...} in xml by the value lookup gives for the text
// between the braces, such as "Romeo's full JID". Values are escaped for
// use inside an XML attribute. A variable lookup does not know (or any
// variable, when lookup is nil) gives an
// error wrapping ErrUnknownVariable; "${" with no "}" on the same line is
// also an error.
func Expand(xml string, lookup func(name string) (string, bool)) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(xml, "${")
		if i < 0 {
			b.WriteString(xml)
			return b.String(), nil
		}
		name, rest, err := cutVar(xml[i+2:])
		if err != nil {
			return "", err
		}
		v, ok := "", false
		if lookup != nil {
			v, ok = lookup(name)
		}
		if !ok {
			return "", fmt.Errorf("%w ${%s}", ErrUnknownVariable, name)
		}
		b.WriteString(xml[:i])
		b.WriteString(escapeAttr(v))
		xml = rest
	}
}

// cutVar splits s, the text after "${", at the closing brace.
func cutVar(s string) (name, rest string, err error) {
	end := strings.IndexByte(s, '}')
	if end < 0 || strings.ContainsAny(s[:end], "\n") {
		return "", "", errUnterminated
	}
	return s[:end], s[end+1:], nil
}

// varNames returns the variables of one line, in order.
func varNames(line string) ([]string, error) {
	var names []string
	for {
		i := strings.Index(line, "${")
		if i < 0 {
			return names, nil
		}
		name, rest, err := cutVar(line[i+2:])
		if err != nil {
			return nil, err
		}
		names = append(names, name)
		line = rest
	}
}

var attrEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// escapeAttr escapes s for an attribute value quoted with ' or ".
func escapeAttr(s string) string {
	return attrEscaper.Replace(s)
}
