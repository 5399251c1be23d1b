//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
)

// DOM helpers shared by the two virtual lists, the session cards
// (panel_sessions.go) and the stanza log (panel_log.go); their geometry
// is view.Grid and view.Rows. A list reads the layout at the start of a
// frame, before the frame writes anything, and then only writes.

// pxs formats a length in pixels.
func pxs(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "px" }

// style returns an element's computed style.
func style(e elem) js.Value { return jsGlobal.Call("getComputedStyle", e.Underlying()) }

// scrollView is what a list reads of its scroller at the start of a
// frame: how far it is scrolled, and how tall its visible part is.
type scrollView struct {
	top, height float64
}

func readScroll(scroller elem) scrollView {
	s := scroller.Underlying()
	return scrollView{top: s.Get("scrollTop").Float(), height: s.Get("clientHeight").Float()}
}

// arrange makes els the first element children of parent, in this
// order, moving only those out of place.
func arrange(parent elem, els []elem) {
	p := parent.Underlying()
	prev := js.Null()
	for _, n := range els {
		e := n.Underlying()
		if !e.Get("previousElementSibling").Equal(prev) || !e.Get("parentNode").Equal(p) {
			next := p.Get("firstElementChild")
			if !prev.IsNull() {
				next = prev.Get("nextElementSibling")
			}
			p.Call("insertBefore", e, next)
		}
		prev = e
	}
}

// contains reports whether e is el or inside it.
func contains(el elem, e elem) bool {
	return e != nil && el.Underlying().Call("contains", e.Underlying()).Bool()
}

// focusQuietly focuses e without scrolling it into view.
func focusQuietly(e elem) {
	e.Underlying().Call("focus", map[string]any{"preventScroll": true})
}

// observeSize calls f whenever el changes size.
func observeSize(el elem, f func()) {
	ro := jsGlobal.Get("ResizeObserver")
	if ro.IsUndefined() {
		return
	}
	ro.New(js.FuncOf(func(js.Value, []js.Value) any {
		f()
		return nil
	})).Call("observe", el.Underlying())
}

// recycler keeps the items a virtual list shows, by key, and a pool of
// those that scrolled out, reused for those that scroll in.
type recycler[K comparable, T any] struct {
	shown map[K]T
	pool  []T
	size  int          // the most items pooled
	root  func(T) elem // an item's element
	make  func() T     // a new item, when the pool is empty
}

func newRecycler[K comparable, T any](size int, root func(T) elem, fresh func() T) *recycler[K, T] {
	return &recycler[K, T]{shown: map[K]T{}, size: size, root: root, make: fresh}
}

// keep takes the items whose key keep rejects off the page, into the pool,
// and reports whether one of them had the focus.
func (r *recycler[K, T]) keep(keep func(K) bool) (lostFocus bool) {
	focused := active()
	for k, it := range r.shown {
		if keep(k) {
			continue
		}
		e := r.root(it)
		lostFocus = lostFocus || contains(e, focused)
		e.Remove()
		delete(r.shown, k)
		if len(r.pool) < r.size {
			r.pool = append(r.pool, it)
		}
	}
	return lostFocus
}

// get returns the item shown for k, or one from the pool (or new) with
// fresh set, to be filled for k.
func (r *recycler[K, T]) get(k K) (it T, fresh bool) {
	if it, ok := r.shown[k]; ok {
		return it, false
	}
	if n := len(r.pool); n > 0 {
		it, r.pool = r.pool[n-1], r.pool[:n-1]
	} else {
		it = r.make()
	}
	r.shown[k] = it
	return it, true
}
