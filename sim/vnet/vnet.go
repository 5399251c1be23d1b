package vnet

import "strconv"

// Kind says what a Delivery carries.
type Kind int

// The kinds of delivery.
const (
	Open  Kind = iota + 1 // a TCP connect reaching the server
	Data                  // a chunk of bytes
	Close                 // the sender closed the connection
	// Secure is the client's TLS handshake completing: the connection is
	// encrypted from here on, and Bindings holds its channel-binding data.
	// The handshake itself happens outside the network (in a listener);
	// this delivery keeps its place among the connection's bytes.
	Secure
)

// String returns the kind's lower-case name.
func (k Kind) String() string {
	switch k {
	case Open:
		return "open"
	case Data:
		return "data"
	case Close:
		return "close"
	case Secure:
		return "tls"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Endpoint receives what the network delivers to one side of connections.
type Endpoint interface {
	// Opened is called on the server side when a connect is delivered.
	Opened(c *Conn)
	// Receive is called with a chunk of bytes.
	Receive(c *Conn, data []byte)
	// Closed is called when the peer's close is delivered.
	Closed(c *Conn)
}

// SecureEndpoint is a server Endpoint that learns of TLS handshakes
// (Secure deliveries); a server that does not implement it ignores them.
type SecureEndpoint interface {
	// Secured is called when the client's TLS handshake has completed, with
	// the connection's channel-binding data by type (such as
	// "tls-exporter").
	Secured(c *Conn, bindings map[string][]byte)
}

// Delivery is one pending transfer.
type Delivery struct {
	Seq      uint64 // order of enqueueing, unique within a network
	Conn     *Conn
	Kind     Kind
	ToServer bool
	Data     []byte
	// Bindings is a Secure delivery's channel-binding data by type.
	Bindings map[string][]byte
	// Written, if set, is called once the bytes are written to the
	// client's connection (SendToClientThen).
	Written func()
}

// Network holds the connections and the queue of pending deliveries.
type Network struct {
	server Endpoint
	queue  []Delivery // pending, oldest first: a window of buf
	buf    []Delivery // the whole array queue lies in
	seq    uint64
	nconn  int
}

// New returns an empty network whose server side is server.
func New(server Endpoint) *Network {
	return &Network{server: server}
}

// Conn is one simulated TCP connection.
type Conn struct {
	ID string
	// StartTLS is true when the connection can be upgraded to TLS in place
	// (Prosody's conn.starttls): a listener's TCP socket with a
	// certificate. Simulated connections and WebSockets cannot.
	StartTLS bool
	// Addr is the remote address of an external client's connection, as
	// its listener saw it ("" for simulated clients): Prosody's
	// session.ip.
	Addr         string
	net          *Network
	client       Endpoint
	clientClosed bool
	serverClosed bool
	held         bool     // writes are confirmed by Written, not by delivery
	unconfirmed  []func() // Written callbacks of delivered bytes, oldest first
}

// Dial opens a connection from client; the connect reaches the server when
// its delivery is performed.
func (n *Network) Dial(client Endpoint) *Conn {
	n.nconn++
	c := &Conn{ID: "conn" + strconv.Itoa(n.nconn), net: n, client: client}
	n.enqueue(Delivery{Conn: c, Kind: Open, ToServer: true})
	return c
}

func (n *Network) enqueue(d Delivery) {
	n.seq++
	d.Seq = n.seq
	full := len(n.queue) == cap(n.queue)
	if full && len(n.queue) < len(n.buf)/2 {
		n.slide()
		full = false
	}
	n.queue = append(n.queue, d)
	if full {
		n.adopt()
	}
}

// slide moves the pending deliveries back to the start of their array,
// which taking from the front left free, instead of growing it.
func (n *Network) slide() {
	k := copy(n.buf, n.queue)
	clear(n.buf[k:])
	n.queue = n.buf[:k]
}

// adopt makes the array queue lies in, new after growing, the one to
// slide in.
func (n *Network) adopt() { n.buf = n.queue[:cap(n.queue)] }

// Pending returns the number of deliveries waiting.
func (n *Network) Pending() int { return len(n.queue) }

// Queue returns a copy of the pending deliveries, oldest first.
func (n *Network) Queue() []Delivery {
	return append([]Delivery(nil), n.queue...)
}

// Next removes the oldest pending delivery and performs it, returning what
// was delivered. ok is false when nothing is pending.
func (n *Network) Next() (d Delivery, ok bool) {
	if len(n.queue) == 0 {
		return Delivery{}, false
	}
	d = n.queue[0]
	n.queue[0] = Delivery{}
	n.queue = n.queue[1:]
	n.perform(d)
	return d, true
}

// Drop removes the pending delivery with the given sequence number without
// performing it. It reports whether one was found.
func (n *Network) Drop(seq uint64) bool {
	for i, d := range n.queue {
		if d.Seq == seq {
			last := len(n.queue) - 1
			copy(n.queue[i:], n.queue[i+1:])
			n.queue[last] = Delivery{}
			n.queue = n.queue[:last]
			return true
		}
	}
	return false
}

func (n *Network) perform(d Delivery) {
	c := d.Conn
	switch {
	case d.ToServer && d.Kind == Open:
		n.server.Opened(c)
	case d.ToServer && d.Kind == Data:
		n.server.Receive(c, d.Data)
	case d.ToServer && d.Kind == Close:
		n.server.Closed(c)
	case d.ToServer && d.Kind == Secure:
		if se, ok := n.server.(SecureEndpoint); ok {
			se.Secured(c, d.Bindings)
		}
	case d.Kind == Data:
		c.client.Receive(c, d.Data)
		c.delivered(d.Written)
	case d.Kind == Close:
		c.client.Closed(c)
	}
}

// SendToServer queues bytes from the client. Bytes written after the
// client closed are discarded.
func (c *Conn) SendToServer(data []byte) {
	if c.clientClosed || len(data) == 0 {
		return
	}
	c.net.enqueue(Delivery{Conn: c, Kind: Data, ToServer: true, Data: data})
}

// SecureToServer queues the completion of the client's TLS handshake,
// with the connection's channel-binding data; nothing is queued after the
// client closed.
func (c *Conn) SecureToServer(bindings map[string][]byte) {
	if c.clientClosed {
		return
	}
	c.net.enqueue(Delivery{Conn: c, Kind: Secure, ToServer: true, Bindings: bindings})
}

// SendToClient queues bytes from the server. Bytes written after the
// server closed are discarded.
func (c *Conn) SendToClient(data []byte) {
	if c.serverClosed || len(data) == 0 {
		return
	}
	c.net.enqueue(Delivery{Conn: c, Kind: Data, Data: data})
}

// SendToClientThen queues bytes from the server, as SendToClient does,
// and calls written once they are written to the client's connection: when
// the delivery is performed, or for a held connection (Hold) when Written
// confirms it. written is never called for bytes discarded or not
// confirmed before the connection closed.
func (c *Conn) SendToClientThen(data []byte, written func()) {
	if c.serverClosed || len(data) == 0 {
		return
	}
	c.net.enqueue(Delivery{Conn: c, Kind: Data, Data: data, Written: written})
}

// Hold makes the connection's deliveries to the client stop short of the
// client's socket: a listener writes them, and confirms with Written.
func (c *Conn) Hold() { c.held = true }

// Held reports whether Hold was called.
func (c *Conn) Held() bool { return c.held }

func (c *Conn) delivered(written func()) {
	switch {
	case written == nil:
	case c.held:
		c.unconfirmed = append(c.unconfirmed, written)
	default:
		written()
	}
}

// Written confirms that the oldest n deliveries of a held connection that
// asked to be told (SendToClientThen) are written, calling their
// callbacks in order. It returns how many there were, at most n.
func (c *Conn) Written(n int) int {
	n = min(max(n, 0), len(c.unconfirmed))
	done := c.unconfirmed[:n]
	c.unconfirmed = c.unconfirmed[n:]
	for _, f := range done {
		f()
	}
	return n
}

// CloseFromClient closes the client's side: the server learns of it when
// the delivery is performed, after any bytes already queued.
func (c *Conn) CloseFromClient() {
	if c.clientClosed {
		return
	}
	c.clientClosed = true
	c.net.enqueue(Delivery{Conn: c, Kind: Close, ToServer: true})
}

// CloseFromServer closes the server's side.
func (c *Conn) CloseFromServer() {
	if c.serverClosed {
		return
	}
	c.serverClosed = true
	c.net.enqueue(Delivery{Conn: c, Kind: Close})
}

// ClientClosed reports whether the client has closed its side.
func (c *Conn) ClientClosed() bool { return c.clientClosed }

// ServerClosed reports whether the server has closed its side.
func (c *Conn) ServerClosed() bool { return c.serverClosed }

// Peek returns the oldest pending delivery without performing it.
func (n *Network) Peek() (Delivery, bool) {
	if len(n.queue) == 0 {
		return Delivery{}, false
	}
	return n.queue[0], true
}
