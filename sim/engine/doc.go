// Package engine is SessionScope's deterministic kernel. It owns the
// virtual clock, the seeded identifier source, the in-memory network, the
// simulated server and the simulated clients, and it changes state only
// through inputs. An Input's Op says what it does: add an account or a
// client (OpAccount, OpClient), a client action or raw send (OpAct,
// OpSend), steps and clock advances (OpStep, OpAdvance), dismissing a
// destroyed session (OpDismiss), disabling or deleting an account
// (OpDisable, OpDeleteAccount), removing a client (OpRemoveClient), faults
// injected into the network (OpDrop, OpDelay) and an external client's
// connection (OpDial, OpRecv, OpHangup; OpTLS when the listener
// completed its TLS handshake, with the channel-binding data; OpWritten, a
// listener's word that chunks the server waits on reached the socket).
// Engine.Apply is the one place that performs an input of any kind; every
// input is recorded, so replaying the recorded inputs (Replay) on a fresh
// engine with the same seed gives the same state and the same bytes on
// the wire. A failed replay names the input by its place, counting from 1,
// and its
// description (Input.String).
//
// A Step performs the next pending thing: a due timer first, otherwise the
// oldest pending network delivery (a connect, a chunk of bytes either way,
// a close, or a TLS handshake completed outside the engine). Observers
// receive an Event for each step boundary, each chunk on the wire and each
// session created, changed or destroyed, with the fields that changed and
// their old and new values.
//
// A Timeline keeps a run's inputs and moves through them: Back and Seek
// rebuild the engine from the seed and replay the inputs up to the chosen
// position, Forward re-applies recorded inputs, and applying a new input
// in the past forks the run, dropping the old future. It applies its
// inputs through Engine.Apply too, so its run and a Replay of its inputs
// are the same. Fault injection (OpDrop, OpDelay of a pending delivery) is
// an input like any other, so a replay repeats it. A Scenario
// (configuration, inputs, position) is what a run is saved and shared as;
// EncodeFragment packs it for a URL.
package engine
