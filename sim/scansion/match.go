package scansion

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// Special attribute values of expected stanzas.
const (
	// Any, as an expected attribute value, accepts any value of a present
	// attribute.
	Any = "{scansion:any}"
	// capturePrefix starts {scansion:capture:NAME}.
	capturePrefix = "{scansion:capture:"
)

// Matcher compares expected elements with received ones and remembers the
// values bound by {scansion:capture:NAME} across calls: the first
// occurrence of NAME accepts any value and binds it, later occurrences must
// equal it. The zero Matcher is ready to use.
type Matcher struct {
	// Captures maps capture names to their bound values.
	Captures map[string]string

	work *int // element comparisons left in this Match call, shared by trials
}

// MaxComparisons bounds the element comparisons of one Match call. In a
// loose element every expected child is tried against every received
// child, so deep trees of alike elements cost the product of their sizes
// (two 8,191-element trees, 16 s): a script is anyone's text, and one
// stanza must not freeze a page. Prosody's own scripts need a few
// hundred.
const MaxComparisons = 200_000

// Match reports whether actual satisfies expected, with a fresh Matcher.
// It returns nil on success and a *Mismatch otherwise.
func Match(expected, actual *etree.Element) error {
	return new(Matcher).Match(expected, actual)
}

// Match reports whether actual satisfies expected by scansion's rules:
//
//   - names and resolved namespaces are equal (prefixes do not matter; the
//     default namespace of a stanza is jabber:client);
//   - an element is strict when scansion:strict="true", loose when it is
//     "false", else strict exactly when its namespace is not jabber:client;
//   - every expected attribute is present with an equal value, or any value
//     for {scansion:any}; a strict element has no other attributes
//     (namespace declarations and scansion: attributes never count);
//   - text is trimmed, whitespace-only text dropped; a strict element's text
//     must be equal, a loose element's only when the expected text is not
//     empty;
//   - a strict element has the same children, pairwise in order; in a loose
//     element each expected child matches its own received child, in any
//     order, and extra received children are allowed.
//
// It returns nil on success and a *Mismatch for the first difference.
func (m *Matcher) Match(expected, actual *etree.Element) error {
	if expected == nil || actual == nil {
		return &Mismatch{Path: "/", Msg: "expected and received elements must not be nil"}
	}
	left := MaxComparisons
	m.work = &left
	defer func() { m.work = nil }()
	path := "/" + expected.Tag
	err := m.match(expected, actual, path)
	if left < 0 {
		return mismatch(path, "the stanzas are too complex to compare: more than %d element comparisons", MaxComparisons)
	}
	return err
}

func (m *Matcher) match(exp, act *etree.Element, path string) error {
	if *m.work--; *m.work < 0 {
		return mismatch(path, "too complex to compare")
	}
	if exp.Tag != act.Tag {
		return mismatch(path, "expected element <%s>, got <%s>", exp.Tag, act.Tag)
	}
	if en, an := elementNS(exp), elementNS(act); en != an {
		return mismatch(path, "expected namespace '%s', got '%s'", en, an)
	}
	strict, err := isStrict(exp, path)
	if err != nil {
		return err
	}
	if err := m.matchAttrs(exp, act, path, strict); err != nil {
		return err
	}
	if err := matchText(exp, act, path, strict); err != nil {
		return err
	}
	if strict {
		return m.matchOrdered(exp, act, path)
	}
	return m.matchUnordered(exp, act, path)
}

func mismatch(path, format string, args ...any) *Mismatch {
	return &Mismatch{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// isStrict returns the matching mode of the expected element e.
func isStrict(e *etree.Element, path string) (bool, error) {
	for _, a := range e.Attr {
		if !isControl(e, a) || a.Key != "strict" {
			continue
		}
		switch a.Value {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return false, mismatch(path+"@"+a.FullKey(), "invalid value '%s' (expected 'true' or 'false')", a.Value)
	}
	return elementNS(e) != NSClient, nil
}

// isControl reports whether a is a scansion: attribute of e.
func isControl(e *etree.Element, a etree.Attr) bool {
	return a.Space == "scansion" || (a.Space != "" && !isDecl(a) && prefixNS(e, a.Space) == NSScansion)
}

// attrKey identifies an attribute by namespace and local name.
type attrKey struct{ ns, local string }

// plainAttrs returns e's attributes other than namespace declarations and
// scansion: attributes, keyed by resolved name.
func plainAttrs(e *etree.Element) ([]attrKey, map[attrKey]etree.Attr) {
	var keys []attrKey
	byKey := map[attrKey]etree.Attr{}
	for _, a := range e.Attr {
		if isDecl(a) || isControl(e, a) {
			continue
		}
		k := attrKey{local: a.Key}
		if a.Space != "" {
			k.ns = prefixNS(e, a.Space)
		}
		if _, dup := byKey[k]; !dup {
			keys = append(keys, k)
			byKey[k] = a
		}
	}
	return keys, byKey
}

func (m *Matcher) matchAttrs(exp, act *etree.Element, path string, strict bool) error {
	expKeys, expAttrs := plainAttrs(exp)
	actKeys, actAttrs := plainAttrs(act)
	for _, k := range expKeys {
		a := expAttrs[k]
		got, ok := actAttrs[k]
		if err := m.matchValue(path+"@"+a.FullKey(), a.Value, got.Value, ok); err != nil {
			return err
		}
	}
	if !strict {
		return nil
	}
	for _, k := range actKeys {
		if _, ok := expAttrs[k]; !ok {
			a := actAttrs[k]
			return mismatch(path+"@"+a.FullKey(), "expected no attribute, got '%s'", a.Value)
		}
	}
	return nil
}

// matchValue checks one attribute value; present says whether the
// received element has the attribute at all.
func (m *Matcher) matchValue(path, want, got string, present bool) error {
	name, capture := strings.CutPrefix(want, capturePrefix)
	if capture && strings.HasSuffix(name, "}") {
		return m.matchCapture(path, strings.TrimSuffix(name, "}"), got, present)
	}
	switch {
	case !present && want == Any:
		return mismatch(path, "expected any value, got no attribute")
	case !present:
		return mismatch(path, "expected '%s', got no attribute", want)
	case want != Any && want != got:
		return mismatch(path, "expected '%s', got '%s'", want, got)
	}
	return nil
}

// matchCapture checks or binds the value of {scansion:capture:name}.
func (m *Matcher) matchCapture(path, name, got string, present bool) error {
	bound, ok := m.Captures[name]
	switch {
	case !present:
		return mismatch(path, "expected a value for capture '%s', got no attribute", name)
	case !ok:
		if m.Captures == nil {
			m.Captures = map[string]string{}
		}
		m.Captures[name] = got
	case bound != got:
		return mismatch(path, "expected '%s' (captured as '%s'), got '%s'", bound, name, got)
	}
	return nil
}

// text returns e's own text: whitespace-only nodes dropped, the rest
// joined and trimmed.
func text(e *etree.Element) string {
	var b strings.Builder
	for _, t := range e.Child {
		if cd, ok := t.(*etree.CharData); ok && strings.TrimSpace(cd.Data) != "" {
			b.WriteString(cd.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

func matchText(exp, act *etree.Element, path string, strict bool) error {
	want, got := text(exp), text(act)
	if want == got || (!strict && want == "") {
		return nil
	}
	switch {
	case want == "":
		return mismatch(path, "expected no text, got '%s'", got)
	case got == "":
		return mismatch(path, "expected text '%s', got no text", want)
	}
	return mismatch(path, "expected text '%s', got '%s'", want, got)
}
