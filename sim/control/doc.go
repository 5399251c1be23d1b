// Package control is the page's controller, without the browser: a Board
// holds the run (an engine.Timeline), the view model observing it, the
// lesson being played and the inputs waiting for the user to confirm a
// fork, and turns every button, key and console call into inputs, moves
// and Frames. The browser adapter (wasm/) calls a Board on its one worker
// goroutine and paints the Frames it returns; what a control does is
// decided and tested here, natively.
//
// Console calls (window.sessionscope in the page, see wasm/API.md) that
// change the run are Board.Call: a name and the call's arguments as
// strings (Args), answered with a value the page hands back as JSON.
package control
