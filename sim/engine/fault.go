package engine

import (
	"fmt"
	"strconv"
)

// Drop removes the pending delivery with sequence number seq from the
// network, as a lost packet, and records it as an OpDrop input. It fails
// when no such delivery is pending.
func (e *Engine) Drop(seq uint64) error {
	return e.fault(OpDrop, seq, e.net.Drop)
}

// Delay moves the pending delivery with sequence number seq behind the
// others (keeping its connection's order) and records it as an OpDelay
// input. It fails when no such delivery is pending.
func (e *Engine) Delay(seq uint64) error {
	return e.fault(OpDelay, seq, e.net.Delay)
}

// fault performs a fault injection on the network with do, then records
// and reports it.
func (e *Engine) fault(op Op, seq uint64, do func(uint64) bool) error {
	if !do(seq) {
		return fmt.Errorf("engine: no pending delivery %d", seq)
	}
	id := strconv.FormatUint(seq, 10)
	e.record(Input{Op: op, ID: id})
	e.emit(Event{Kind: InputApplied, What: string(op) + " " + id})
	return nil
}
