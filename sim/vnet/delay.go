package vnet

// Delay moves the pending delivery with the given sequence number to the
// back of the queue, so that every other pending delivery goes first. The
// deliveries queued after it on the same connection in the same direction
// move with it, in order, as TCP would keep them. It reports whether the
// delivery was found.
func (n *Network) Delay(seq uint64) bool {
	at := -1
	for i, d := range n.queue {
		if d.Seq == seq {
			at = i
			break
		}
	}
	if at < 0 {
		return false
	}
	first := n.queue[at]
	var stay, move []Delivery
	stay = append(stay, n.queue[:at]...)
	for _, d := range n.queue[at:] {
		if d.Conn == first.Conn && d.ToServer == first.ToServer {
			move = append(move, d)
		} else {
			stay = append(stay, d)
		}
	}
	n.queue = append(stay, move...)
	n.adopt()
	return true
}
