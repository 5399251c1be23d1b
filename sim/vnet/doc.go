// Package vnet is the simulator's in-memory network. Each Conn joins one
// simulated client to the server and carries chunks of bytes both ways.
// Nothing is delivered by itself: every write, connect and close becomes a
// pending Delivery in one first-in first-out queue, and the engine performs
// them one at a time. That single queue is what makes a run deterministic
// and lets a learner watch each chunk cross the wire.
package vnet
