//go:build js && wasm

// Command wasm is SessionScope's browser adapter: it runs the engine on a
// worker goroutine, renders its sessions with honnef.co/go/js/dom/v2 once
// per animation frame, turns the page's controls into engine inputs, and
// offers the same operations to the browser console as window.sessionscope.
//
// No protocol logic lives here. DOM event handlers only queue work; every
// engine call, and anything else that may block, runs on the worker
// goroutine, never on the JavaScript event loop. User-supplied text reaches
// the page only through textContent.
package main
