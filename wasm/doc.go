//go:build js && wasm

// Command wasm is SessionScope's browser adapter: it paints the frames
// that sim/control and sim/view compute and forwards the page's controls.
// A control.Board holds the run (an engine.Timeline, so that the learner
// can step back, seek and fork), its view.Model, the lesson and the fork
// waiting for confirmation, and turns each control and console call into
// inputs; the adapter publishes the board's Frame after each piece of
// work, paints it once per animation frame, and offers the same calls to
// the browser console as window.sessionscope (API.md).
//
// No protocol or model logic lives here: what a control does, what a
// panel shows, how the log is classified and masked, which rule changed a
// field, the list and stage geometry, the forms' parsing and the token
// inspector's verdicts are all computed natively in sim/control and
// sim/view and tested there, and so are the page's work queue
// (control.Worker), its playback (control.Player), the window of cards it
// publishes (control.Deck), a real client's login (Board.AwaitLogin) and
// what it keeps in storage (control.Keeper). DOM event handlers only
// queue work on the worker goroutine; engine calls run there, and
// IndexedDB calls (which block until a JavaScript callback fires) run on
// the keeper's own goroutines, never on the JavaScript event loop. A
// render writes through a screen (paint.go), which skips what is already
// shown. User-supplied text reaches the page only through textContent.
//
// One file per panel, holding its rendering and its event binding:
//
//	panel_timeline.go  playback, keys, pause on, fork, share, new run
//	panel_server.go    the server's facts, its configuration, accounts
//	panel_clients.go   clients with their actions, stanza form and raw XML
//	panel_lessons.go   lessons, files, saved runs, the lesson stage and stops
//	panel_stage.go     the wire: each connection, with envelopes in flight
//	panel_sessions.go  invariant badges and the virtual list of cards
//	panel_network.go   deliveries in flight with drop, delay and cut
//	panel_log.go       the virtual stanza log and the detail pane
//	panel_tokens.go    the PASETO token inspector
//	panel_realclient.go  Converse.js in a frame, its in-tab WebSockets
//
// and beside them: main.go (the app, publishing and rendering), paint.go (DOM helpers over dom/v2 and the screen),
// vlist.go (what the two virtual lists share), api.go (the console API),
// persist.go (IndexedDB, the saved-run hint and share links), kdf.go (PBKDF2 with the
// browser's Web Crypto) and live.go (watching a listener's real clients).
package main
