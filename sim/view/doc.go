// Package view is SessionScope's view model: one observer of engine
// events that keeps a plain View value of everything the page shows, the
// user interface's counterpart of raft's Ready. The browser adapter only
// paints a View and forwards controls; the live page and the terminal view
// of `sessionscope listen` read the same Model. Everything here is pure Go,
// deterministic and tested natively.
//
// A Model is told every engine event (Observe) and remembers, across
// steps, each session with the fields the last step changed, the old and
// new values and the rule that changed each, the lifecycle transition
// that fired, the client each session belongs to, and the log of what
// crossed the wire. Build reads the rest from the engine when a frame is
// due: the clients, the deliveries in flight, the accounts with their
// stored rosters and offline queues, and the invariants' verdicts.
//
// The log keeps raw bytes; an Entry classifies itself (element, kind,
// direction, error or not) and summarises itself with SASL credentials
// masked, lazily, so that a long run costs nothing until a row is shown.
// Pretty prints a stanza as coloured segments. Lesson ties a scansion
// script's narration to positions of the run, and Token takes a PASETO
// token apart for the token inspector.
package view
