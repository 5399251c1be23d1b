package control

import "github.com/sessionscope/sessionscope/sim/view"

// Frame is what one render of the page paints: the View, and what only
// the board knows.
type Frame struct {
	view.View
	Fork      string // the input waiting for a fork confirmation, "" for none
	Lesson    string // the lesson's title, "" outside a lesson
	Narration string // the lesson's narration at this position
	Stanza    string // what caused the lesson's stop, when the position is one
	// RealClients counts the in-tab WebSockets attached (sockets.go);
	// Held says whether deliveries are held in flight even so.
	RealClients int
	Held        bool
}

// Frame builds the frame for the run as it is now, with the sessions and
// clients window w.
func (b *Board) Frame(w view.Window) Frame {
	f := Frame{View: b.Model.Build(b.TL, w)}
	if ls := b.Lesson; ls != nil {
		f.Lesson, f.Narration = ls.Title, ls.Caption(f.Step)
		if k := ls.StopAt(f.Step); len(ls.Stops) > 0 && ls.Stops[k].Pos == f.Step {
			f.Stanza = ls.Stops[k].Stanza
		}
	}
	f.RealClients, f.Held = b.attachedCount(), b.held
	if len(b.forkIn) > 0 {
		f.Fork = b.forkIn[len(b.forkIn)-1].String()
	}
	return f
}
