// Package scenario plays scansion scripts against SessionScope's engine:
// Prosody's own end-to-end tests, SessionScope's lessons and recordings of
// explorations are all the same kind of file.
//
// # Playing a script
//
// Load (or New, for a parsed script) gives a Player with a fresh engine
// whose server uses Prosody's test configuration: "insecure"
// authentication, so every localpart exists and any password is accepted.
// Each script gets its own server; state persists inside a script, even
// while no client is connected.
//
// The Player is the step-by-step API the page uses:
//
//	p, err := scenario.Load("basic.scs", src, scenario.Options{})
//	for !p.Done() {
//		o := p.Next()   // performs one action
//		show(o.Narration, o.Sent, o.Received, o.Discarded, o.Pass)
//	}
//	if f := p.Failure(); f != nil { fmt.Println(f) }
//
// Next returns an Outcome: the action and its narration (the "#" comments
// written before it), the stanzas sent, expected and received, the
// stanzas discarded, the sessions after the step, and Pass or a Failure.
// Run plays the rest at once. Engine gives the engine, so the page can
// subscribe to its events and show sessions as they change.
//
// # What the actions do
//
//   - connects performs the real login through the simulated client:
//     stream, SASL PLAIN, restart, and bind with the requested resource.
//     The bound JID becomes ${Name's full JID}.
//   - sends writes the payload's stanzas on the client's connection,
//     after substituting variables.
//   - receives compares the next stanza on the client's connection with
//     the payload, by scansion's rules (package scansion's Match).
//   - receives: nothing passes when no stanza waits for the client.
//   - disconnects closes the stream cleanly; a second one does nothing.
//
// After every action the engine runs until nothing is pending. A receives
// that finds nothing waits for Options.Timeout of virtual time (the clock
// moves with engine.Advance) and fails with a timeout if still nothing
// came.
//
// # Delivery rule
//
// The rule is how scansion itself reads (it takes every stanza waiting
// for the client at once), and the one under which Prosody's
// basic_message.scs passes upstream: a receives reads every
// stanza waiting for its client at once and matches the first. The rest
// of that read is kept only when the next waiting action (any action but
// sends) is a receives by the same client; otherwise it is discarded and
// reported in Outcome.Discarded as SameRead. Stanzas still waiting when a
// client disconnects, or when the script ends, are reported as NeverRead;
// neither is an error. Options.StrictFIFO keeps leftovers instead, as a
// diagnostic.
//
// # Failures
//
// A failed action ends the script with a Failure naming the script, the
// line, the step, the action line and its comments, the reason (with the
// path of the first difference for a mismatch), the expected stanza and
// the one that arrived instead, pretty-printed, and the stanzas discarded
// so far. When the server closes a client's connection the script fails,
// as in scansion.
//
// # SessionScope extensions
//
// Three things let lessons show what Prosody's test setup cannot; Prosody's
// scansion ignores the first two (a tag and an unknown client property)
// and would stop at the third:
//
//   - the tag "## authentication: internal_hashed" gives the server real
//     accounts: one per bare JID, with the password of the first client
//     declared for it;
//   - the client property "login: fails" makes connects expect SASL to
//     refuse the login; the stream stays open and the <failure/> waits to
//     be received;
//   - when the server closes a client's connection, the script goes on if
//     that client's next action is a receives, which reads what arrived
//     before the close, such as the stream error.
//
// # Lessons and recordings
//
// Lessons returns the built-in lessons (lessons/*.scs, embedded), each a
// script whose comments are the narration. A Recorder subscribed to an
// engine turns what clients did and received into a Script, which
// scansion.Format writes as a .scs file that replays with this package
// and with Prosody's scansion.
package scenario
