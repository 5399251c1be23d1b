//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/sessionscope/sessionscope/sim/invariant"
)

// invariantBadges is the row of badges under the sessions heading: one
// per invariant, built once, updated when its verdict changes.
type invariantBadges struct {
	list   js.Value
	badges []badge
}

// badge is one invariant's item: its verdict, shown, and its rule, read
// out by screen readers and shown on hover or focus.
type badge struct {
	li, verdict js.Value
	shown       string
}

// render shows each result as "✓ name", or "✗ name: broken by ids".
func (b *invariantBadges) render(results []invariant.Result) {
	if b.list.IsUndefined() {
		b.list = byID("invariants")
	}
	for len(b.badges) < len(results) {
		r := results[len(b.badges)]
		li := attr(attr(elem("li", "invariant"), "title", r.Rule), "tabindex", "0")
		verdict := elem("span", "")
		add(b.list, add(li, verdict, textElem("span", "sr-only", " ("+r.Rule+")")))
		b.badges = append(b.badges, badge{li: li, verdict: verdict})
	}
	for i, r := range results {
		text := "✓ " + r.Name
		if !r.Holds {
			text = "✗ " + r.Name + ": broken by " + strings.Join(r.Broken, ", ")
		}
		bd := &b.badges[i]
		if text == bd.shown {
			continue
		}
		setText(bd.verdict, text)
		setClass(bd.li, "broken", !r.Holds)
		bd.shown = text
	}
}
