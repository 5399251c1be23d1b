//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
)

// Helpers shared by the two virtual lists, the session cards (cards.go)
// and the stanza log (log.go). Each list is a scroller holding a spacer
// whose height stands for every item, with elements only for the items
// in view and a few either side. A list reads the layout at the start of
// a frame, before the frame writes anything, and then only writes.

// px reads a CSS length in pixels ("352px"); 0 when it is not one.
func px(s string) float64 {
	n, ok := strings.CutSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(n, 64)
	if !ok || err != nil {
		return 0
	}
	return f
}

// style returns an element's computed style.
func style(e js.Value) js.Value { return js.Global().Call("getComputedStyle", e) }

// scrollView is what a list reads of its scroller at the start of a
// frame: how far it is scrolled, and how tall its visible part is.
type scrollView struct {
	top, height float64
}

func readScroll(scroller js.Value) scrollView {
	return scrollView{top: scroller.Get("scrollTop").Float(), height: scroller.Get("clientHeight").Float()}
}

// shown estimates the height of the scroller's visible part once its
// content is total pixels tall: no more than its max-height, and never
// less than it is now.
func (s scrollView) shown(maxH, total float64) float64 {
	if maxH <= 0 {
		return s.height
	}
	return max(s.height, min(maxH, total))
}

// indexRange is a range of item indices, lo included, hi excluded.
type indexRange struct{ lo, hi int }

// rowSpan is the rows overlapping [top, top+height) in a list of n rows
// pitch pixels apart, with extra rows either side.
func rowSpan(top, height, pitch float64, n, extra int) indexRange {
	if n == 0 || pitch <= 0 {
		return indexRange{}
	}
	r0 := int(max(0, top)/pitch) - extra
	r1 := int(max(0, top+height)/pitch) + extra
	return indexRange{max(0, min(r0, n-1)), max(0, min(r1, n-1)) + 1}
}

// nearest returns the scroll offset that brings [y, y+h) into a view of
// the given height scrolled to top, moving it as little as possible.
func nearest(top, height, y, h float64) float64 {
	switch {
	case y < top || h > height:
		return y
	case y+h > top+height:
		return y + h - height
	}
	return top
}

// arrange makes els the first element children of parent, in this
// order, moving only those out of place.
func arrange(parent js.Value, els []js.Value) {
	prev := js.Null()
	for _, e := range els {
		if !e.Get("previousElementSibling").Equal(prev) || !e.Get("parentNode").Equal(parent) {
			next := parent.Get("firstElementChild")
			if !prev.IsNull() {
				next = prev.Get("nextElementSibling")
			}
			parent.Call("insertBefore", e, next)
		}
		prev = e
	}
}

// setStyle sets one style property when it differs from what was set
// last, and returns the new value for the caller to remember.
func setStyle(e js.Value, prop, last, now string) string {
	if last != now {
		e.Get("style").Set(prop, now)
	}
	return now
}

// pxs formats a length in pixels.
func pxs(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "px" }

// contains reports whether e is el or inside it.
func contains(el, e js.Value) bool {
	return !e.IsNull() && !e.IsUndefined() && el.Call("contains", e).Bool()
}

// observeSize calls f whenever el changes size.
func observeSize(el js.Value, f func()) {
	ro := js.Global().Get("ResizeObserver")
	if ro.IsUndefined() {
		return
	}
	ro.New(js.FuncOf(func(js.Value, []js.Value) any {
		f()
		return nil
	})).Call("observe", el)
}

// noModifier reports whether a key event has no Ctrl, Meta or Alt.
func noModifier(ev js.Value) bool {
	return !ev.Get("ctrlKey").Bool() && !ev.Get("metaKey").Bool() && !ev.Get("altKey").Bool()
}
