package scansion

import (
	"fmt"
	"maps"

	"github.com/beevik/etree"
)

// childPath returns the path of the i-th element of siblings under parent:
// its local name, with "[n]" when several siblings share that name.
func childPath(parent string, siblings []*etree.Element, i int) string {
	n, total := 0, 0
	for j, s := range siblings {
		if s.Tag == siblings[i].Tag {
			total++
			if j <= i {
				n++
			}
		}
	}
	if total == 1 {
		return parent + "/" + siblings[i].Tag
	}
	return fmt.Sprintf("%s/%s[%d]", parent, siblings[i].Tag, n)
}

// matchOrdered compares the children of a strict element pairwise.
func (m *Matcher) matchOrdered(exp, act *etree.Element, path string) error {
	ec, ac := exp.ChildElements(), act.ChildElements()
	for i := 0; i < len(ec) && i < len(ac); i++ {
		if err := m.match(ec[i], ac[i], childPath(path, ec, i)); err != nil {
			return err
		}
	}
	switch {
	case len(ac) > len(ec):
		return mismatch(childPath(path, ac, len(ec)),
			"unexpected element (expected %d child elements, got %d)", len(ec), len(ac))
	case len(ec) > len(ac):
		return mismatch(childPath(path, ec, len(ac)),
			"missing element (expected %d child elements, got %d)", len(ec), len(ac))
	}
	return nil
}

// clone returns a Matcher with a copy of m's captures, for trial matches.
func (m *Matcher) clone() *Matcher {
	return &Matcher{Captures: maps.Clone(m.Captures), work: m.work}
}

// trial is the outcome of matching one expected child with one received
// child on a copy of the Matcher.
type trial struct {
	m   *Matcher
	err error
}

// matchUnordered finds, for each expected child of a loose element, its own
// matching received child (a bipartite matching), then keeps the captures
// bound along the chosen pairs.
func (m *Matcher) matchUnordered(exp, act *etree.Element, path string) error {
	ec, ac := exp.ChildElements(), act.ChildElements()
	trials := make([][]trial, len(ec))
	fits := make([][]bool, len(ec))
	for i, e := range ec {
		trials[i] = make([]trial, len(ac))
		fits[i] = make([]bool, len(ac))
		p := childPath(path, ec, i)
		for j, a := range ac {
			if *m.work < 0 {
				return mismatch(path, "too complex to compare")
			}
			tm := m.clone()
			trials[i][j] = trial{m: tm, err: tm.match(e, a, p)}
			fits[i][j] = trials[i][j].err == nil
		}
	}
	owner, failed := assign(fits, len(ac))
	if failed >= 0 {
		return explainMissing(ec, ac, trials[failed], failed, path)
	}
	for j, i := range owner {
		if i >= 0 {
			if err := m.merge(trials[i][j].m, childPath(path, ec, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// merge adds the captures bound by a trial to m.
func (m *Matcher) merge(t *Matcher, path string) error {
	for name, v := range t.Captures {
		old, ok := m.Captures[name]
		switch {
		case ok && old != v:
			return mismatch(path, "capture '%s' bound to both '%s' and '%s'", name, old, v)
		case !ok:
			if m.Captures == nil {
				m.Captures = map[string]string{}
			}
			m.Captures[name] = v
		}
	}
	return nil
}

// explainMissing describes why expected child i found no received child of
// its own, given its trials against each received child.
func explainMissing(ec, ac []*etree.Element, trials []trial, i int, path string) error {
	for _, t := range trials {
		if t.err == nil {
			return mismatch(childPath(path, ec, i),
				"every matching element is already matched by another expected element")
		}
	}
	if j := candidate(ec[i], ac); j >= 0 {
		return trials[j].err
	}
	return mismatch(childPath(path, ec, i), "missing element")
}

// candidate returns the received element most like e: the first with the
// same name and namespace, else the first with the same name, else -1.
func candidate(e *etree.Element, ac []*etree.Element) int {
	named := -1
	for j, a := range ac {
		if a.Tag != e.Tag {
			continue
		}
		if elementNS(a) == elementNS(e) {
			return j
		}
		if named < 0 {
			named = j
		}
	}
	return named
}

// assign computes a maximum bipartite matching of expected rows to received
// columns (Kuhn's algorithm). owner[j] is the row given column j, or -1;
// failed is the first row left without a column, or -1.
func assign(fits [][]bool, cols int) (owner []int, failed int) {
	owner = make([]int, cols)
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range cols {
			if fits[i][j] && !seen[j] {
				seen[j] = true
				if owner[j] < 0 || try(owner[j], seen) {
					owner[j] = i
					return true
				}
			}
		}
		return false
	}
	failed = -1
	for i := range fits {
		if !try(i, make([]bool, cols)) && failed < 0 {
			failed = i
		}
	}
	return owner, failed
}
