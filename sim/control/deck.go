package control

import (
	"errors"
	"slices"
	"strconv"
	"sync"

	"github.com/sessionscope/sessionscope/sim/view"
)

// Deck is what a page's list of session cards asks the worker to
// publish: the render, which knows which cards are in view, asks for
// those around them (Want); a call to bring one session's card into view
// asks for the cards around it (Locate), and the render then scrolls
// there and answers it. The clients panel's filter is kept here too, as
// publishing reads it. Its methods are safe for any goroutine.
type Deck struct {
	mu     sync.Mutex
	lo, hi int
	queued bool // a publish for a new window is queued
	locate *Locate
	filter string
}

// Locate is a call to bring the card of session ID into view; Answer is
// the host's, for answering it (a page's Promise).
type Locate struct {
	ID     string
	Answer any
}

// Want asks for the cards around win, of a list of f.All, when f's
// published sessions do not cover them with half a window to spare. It
// reports whether the caller must queue a publish: one at a time is, and
// it reads the latest window wanted. A Locate call waiting chooses the
// window instead.
func (d *Deck) Want(win view.Range, f Frame) (queue bool) {
	want, ok := view.Wanted(win, f.First, len(f.Sessions), f.All)
	if !ok {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.locate == nil {
		d.lo, d.hi = want.Lo, want.Hi
	}
	queue = !d.queued
	d.queued = true
	return queue
}

// Filter sets the clients panel's filter.
func (d *Deck) Filter(s string) {
	d.mu.Lock()
	d.filter = s
	d.mu.Unlock()
}

// Window returns the window to publish and the Locate call waiting for
// it; the worker calls it as it publishes.
func (d *Deck) Window() (view.Window, *Locate) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queued = false
	return view.Window{Lo: d.lo, Hi: d.hi, ClientFilter: d.filter}, d.locate
}

// Locate asks for the cards around l.ID's (worker only): it fails when
// no session of that id is listed.
func (d *Deck) Locate(b *Board, l *Locate) error {
	i := slices.Index(b.Model.Order(), l.ID)
	if i < 0 {
		return errors.New("no session " + strconv.Quote(l.ID) + " is listed")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lo, d.hi = max(0, i-view.SessionBatch), i+view.SessionBatch
	d.locate = l
	return nil
}

// Located ends the Locate call l, which the render answered.
func (d *Deck) Located(l *Locate) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.locate == l {
		d.locate = nil
	}
}
