package view

import (
	"strconv"
	"strings"
)

// The geometry of the page's two virtual lists, the session cards and
// the stanza log: which items are in view for a scroll position, and
// where to scroll to bring one into view. Each list is a scroller holding
// a spacer whose height stands for every item, with elements only for the
// items in view and a few either side.

// Range is a range of item indices, Lo included, Hi excluded.
type Range struct{ Lo, Hi int }

// Rows is the rows overlapping [top, top+height) in a list of n rows
// pitch pixels apart, with extra rows either side.
func Rows(top, height, pitch float64, n, extra int) Range {
	if n == 0 || pitch <= 0 {
		return Range{}
	}
	r0 := int(max(0, top)/pitch) - extra
	r1 := int(max(0, top+height)/pitch) + extra
	return Range{max(0, min(r0, n-1)), max(0, min(r1, n-1)) + 1}
}

// Nearest returns the scroll offset that brings [y, y+h) into a view of
// the given height scrolled to top, moving it as little as possible.
func Nearest(top, height, y, h float64) float64 {
	switch {
	case y < top || h > height:
		return y
	case y+h > top+height:
		return y + h - height
	}
	return top
}

// Pixels reads a CSS length in pixels ("352px"); 0 when it is not one.
func Pixels(s string) float64 {
	n, ok := strings.CutSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(n, 64)
	if !ok || err != nil {
		return 0
	}
	return f
}

// Grid is the card list's layout: Cols columns of rows RowH pixels tall,
// Gap apart, in a scroller at most MaxH pixels tall (0: no bound).
type Grid struct {
	Cols            int
	RowH, Gap, MaxH float64
}

// GridOf reads the card list's layout from its computed style: the
// columns CSS made (grid-template-columns: one track each once laid out),
// the rows' height (grid-auto-rows) and gap (row-gap), and the scroller's
// max-height. ok is false when CSS has not laid the grid out yet, or its
// rows are sized to their content (a lesson's few cards): then the grid
// is a guess, to be read again at the next frame.
func GridOf(columns, rowH, gap, maxH string) (g Grid, ok bool) {
	g = Grid{Cols: len(strings.Fields(columns)), RowH: Pixels(rowH), Gap: Pixels(gap), MaxH: Pixels(maxH)}
	laidOut := g.Cols > 0 && !strings.Contains(columns, "(")
	if !laidOut {
		g.Cols = 1
	}
	if !laidOut || g.RowH <= 0 {
		g.RowH, g.Gap = 320, 11
		return g, false
	}
	return g, true
}

// Pitch is the distance between the tops of two rows.
func (g Grid) Pitch() float64 { return g.RowH + g.Gap }

// Height is the height of the rows of n items.
func (g Grid) Height(n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(g.rows(n))*g.Pitch() - g.Gap
}

func (g Grid) rows(n int) int { return (n + g.Cols - 1) / g.Cols }

// Shown estimates the height of the scroller's visible part, height now,
// once its content is total pixels tall: no more than its max-height, and
// never less than it is now.
func (g Grid) Shown(height, total float64) float64 {
	if g.MaxH <= 0 {
		return height
	}
	return max(height, min(g.MaxH, total))
}

// Window returns the items of a list of n to render when the scroller is
// at top and height tall: the rows in view and extra rows either side;
// and the first of those rows.
func (g Grid) Window(top, height float64, n, extra int) (Range, int) {
	rows := Rows(top, g.Shown(height, g.Height(n)), g.Pitch(), g.rows(n), extra)
	return Range{rows.Lo * g.Cols, min(rows.Hi*g.Cols, n)}, rows.Lo
}

// Table is the log's layout: rows RowH pixels tall under a header HeadH
// tall, in a scroller at most MaxH tall (0: no bound).
type Table struct{ RowH, HeadH, MaxH float64 }

// Height is the height of the table with n rows.
func (t Table) Height(n int) float64 { return t.HeadH + float64(n)*t.RowH }

// Place decides where a table of n rows scrolls to, and which rows to
// render (extra either side of those in view) and which are in view, when
// its scroller is at top and height tall and the table was was pixels
// tall before: to row focus, when it is not -1; else to the end when the
// view was at the end (following the newest row); else nowhere.
func (t Table) Place(top, height, was float64, n, focus, extra int) (to float64, render, shown Range) {
	h := Grid{MaxH: t.MaxH}.Shown(height, t.Height(n))
	switch {
	case focus >= 0 && n > 0:
		top = Nearest(top, h-t.HeadH, float64(min(focus, n-1))*t.RowH, t.RowH)
	case top+height >= was-t.RowH/2:
		top = t.Height(n) - h
	}
	top = max(0, min(top, t.Height(n)-h))
	return top, Rows(top, h-t.HeadH, t.RowH, n, extra), Rows(top, h-t.HeadH, t.RowH, n, 0)
}

// KeyRow is the row of a list of n rows that a key moves the focus to,
// from row cur (step 1) or, when the list itself has the focus, from the
// first row in view (step 0), with page rows in view; ok is false for a
// key that moves nothing.
func KeyRow(key string, cur, step, page, n int) (row int, ok bool) {
	to, ok := map[string]int{"ArrowDown": cur + step, "ArrowUp": cur - step, "PageDown": cur + page,
		"PageUp": cur - page, "Home": 0, "End": n - 1}[key]
	return max(0, min(to, n-1)), ok && n > 0
}

// KeyScroll is where Page Up, Page Down, Home and End scroll a scroller
// now at top, height tall and holding total pixels; ok is false for any
// other key.
func KeyScroll(key string, top, height, total float64) (to float64, ok bool) {
	page := height * 0.9
	to, ok = map[string]float64{"PageDown": top + page, "PageUp": max(0, top-page), "Home": 0, "End": total}[key]
	return to, ok
}

// Wanted is the window of sessions a frame should ask the model for when
// the cards in win, of a list of all, are not covered with half a window
// to spare by the published sessions, starting at first and have of
// them; ok is false when they are.
func Wanted(win Range, first, have, all int) (want Range, ok bool) {
	n := win.Hi - win.Lo
	lo, hi := max(0, win.Lo-n/2), min(all, win.Hi+n/2)
	if lo >= hi || (first <= lo && hi <= first+have) {
		return Range{}, false
	}
	pad := max(n, SessionBatch/2)
	return Range{max(0, win.Lo-pad), win.Hi + pad}, true
}

// ScrollBy is how far to scroll a window viewH pixels tall so that the
// span top..bottom (where things a teacher must see are) lies below under
// (where a sticky stage ends): the least that shows it all, or its top
// when it is taller than the room there is; 0 when it is shown already.
func ScrollBy(top, bottom, under, viewH float64) float64 {
	switch {
	case top < under || bottom-top > viewH-under:
		return top - under
	case bottom > viewH:
		return bottom - viewH
	}
	return 0
}

// In returns the published sessions whose indices in the list of all
// lie in win, and the index of the first of them.
func (v View) In(win Range) (first int, ss []Session) {
	lo, hi := max(win.Lo, v.First), min(win.Hi, v.First+len(v.Sessions))
	if lo >= hi {
		return lo, nil
	}
	return lo, v.Sessions[lo-v.First : hi-v.First]
}
