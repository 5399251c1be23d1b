package control

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/view"
)

// TestDeck asks for the cards in view, once per publish, and for the
// cards around a session a call locates, which choose the window until
// the call is answered.
func TestDeck(t *testing.T) {
	b, _ := newBoard(t)
	if err := b.TL.Crowd(300); err != nil {
		t.Fatal(err)
	}
	var d Deck
	f := b.Frame(view.Window{Lo: 0, Hi: 10})
	if d.Want(view.Range{Lo: 0, Hi: 8}, f) {
		t.Error("Want asked for cards the frame has")
	}
	if !d.Want(view.Range{Lo: 200, Hi: 208}, f) {
		t.Error("Want did not ask for cards out of the frame")
	}
	if d.Want(view.Range{Lo: 210, Hi: 218}, f) {
		t.Error("Want queued a second publish before the first ran")
	}
	d.Filter("crowd2")
	win, l := d.Window()
	if want := (view.Window{Lo: 210 - view.SessionBatch/2, Hi: 218 + view.SessionBatch/2, ClientFilter: "crowd2"}); win != want || l != nil {
		t.Errorf("Window = %+v, %v; want %+v, nil", win, l, want)
	}
	id := b.Model.Order()[250]
	call := &Locate{ID: id}
	if err := d.Locate(b, call); err != nil {
		t.Fatal(err)
	}
	d.Want(view.Range{Lo: 0, Hi: 8}, f) // the call chooses the window
	win, l = d.Window()
	if win.Lo != 250-view.SessionBatch || win.Hi != 250+view.SessionBatch || l != call {
		t.Errorf("after Locate: Window = %+v, %v", win, l)
	}
	d.Located(call)
	if _, l = d.Window(); l != nil {
		t.Error("the call is still waiting once answered")
	}
	if err := d.Locate(b, &Locate{ID: "c2s-none"}); err == nil || err.Error() != `no session "c2s-none" is listed` {
		t.Errorf("Locate of an unknown session: %v", err)
	}
}
