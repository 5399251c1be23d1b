//go:build js && wasm

// Command wasm is SessionScope's browser adapter: the teaching page around
// the engine. It keeps the run on an engine.Timeline (so that the learner
// can step back, seek, and fork), renders it once per animation frame,
// turns the page's controls into recorded engine inputs, and offers the
// same operations to the browser console as window.sessionscope (API.md).
//
// No protocol logic lives here. DOM event handlers only queue work on the
// worker goroutine; engine calls run there, and IndexedDB calls (which
// block until a JavaScript callback fires) run on the persister's own
// goroutine, never on the JavaScript event loop. Each panel builds its
// elements once and afterwards changes only what differs from the last
// frame. The two long lists are virtual (vlist.go): the session cards
// (deck.go) and the stanza log scroll over a spacer that stands for every
// item, with elements only for those in view, reused as they scroll; the
// worker publishes only the sessions around the cards in view, and a
// scroll renders on the next animation frame. The clients panel shows the
// first clients matching a filter. User-supplied text reaches the page
// only through textContent.
//
// The panels: the timeline (timeline.go), session cards with the lifecycle
// diagram (cards.go, deck.go), the network in flight with drop, delay and
// cut (network.go), the stanza log with pretty XML and masked SASL
// credentials (log.go, xml.go), clients (clients.go), the server panel
// (ui.go, bind.go), lessons from .scs scripts (lessons.go), persistence and
// shared links (persist.go) and the token inspector (inspector.go).
package main
