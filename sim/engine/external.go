package engine

import (
	"fmt"
	"unicode/utf8"

	"github.com/sessionscope/sessionscope/sim/vnet"
)

// The inputs of external connections: a real client outside the engine,
// whose bytes are brought in by a listener.
const (
	OpDial   Op = "dial"   // an external client connected
	OpRecv   Op = "recv"   // bytes arrived from an external client
	OpHangup Op = "hangup" // an external client's connection closed
	// OpTLS: an external client's TLS handshake completed (STARTTLS or
	// direct TLS); Bindings holds the connection's channel-binding data.
	OpTLS Op = "tls"
	// OpWritten confirms that N chunks the server asked to be told about
	// (Event.Ack) were written to an external client's socket.
	OpWritten Op = "written"
)

// externals are the engine's external connections, by name and by
// connection.
type externals struct {
	byName map[string]*vnet.Conn
	names  map[*vnet.Conn]string
	hungUp []*vnet.Conn // closed by their clients, named until the network is idle
}

// quiet is the client side of an external connection inside the network.
// What the server sends it is already reported to observers as Wire
// events, which is how a listener learns what to write to its socket.
type quiet struct{}

func (quiet) Opened(*vnet.Conn)          {}
func (quiet) Receive(*vnet.Conn, []byte) {}
func (quiet) Closed(*vnet.Conn)          {}

// Dial opens an external connection named name and returns the network's
// identifier for it (the Conn of its Wire events). The connect reaches the
// server when stepped. The name must be new, and differ from every
// simulated client's.
func (e *Engine) Dial(name string) (string, error) { return e.DialFrom(name, "", false) }

// DialFrom is Dial for a listener's client at the remote address addr
// (recorded, for mod_limit_auth's throttle per address), whose
// connection can be upgraded to TLS in place when startTLS is set (a TCP
// socket of a listener with a certificate: the server may offer it
// STARTTLS).
func (e *Engine) DialFrom(name, addr string, startTLS bool) (string, error) {
	return e.dial(Input{Op: OpDial, Name: name, Addr: addr, StartTLS: startTLS})
}

func (e *Engine) dial(in Input) (string, error) {
	name := in.Name
	if name == "" {
		return "", fmt.Errorf("engine: an external connection needs a name")
	}
	if e.ext.byName == nil {
		e.ext.byName = make(map[string]*vnet.Conn)
		e.ext.names = make(map[*vnet.Conn]string)
	}
	if e.ext.byName[name] != nil || e.byName[name] != nil {
		return "", fmt.Errorf("engine: a connection named %q exists", name)
	}
	conn := e.net.Dial(quiet{})
	conn.StartTLS, conn.Addr = in.StartTLS, in.Addr
	conn.Hold()
	e.ext.byName[name], e.ext.names[conn] = conn, name
	e.record(in)
	e.emit(Event{Kind: InputApplied, Client: name, What: "dial " + conn.ID})
	return conn.ID, nil
}

// Recv brings bytes an external client sent into the network; the server
// reads them when stepped. Bytes that are not UTF-8 are recorded as they
// are, so that the input log replays exactly.
func (e *Engine) Recv(name string, data []byte) error {
	conn := e.ext.byName[name]
	if conn == nil {
		return fmt.Errorf("engine: no external connection named %q", name)
	}
	if len(data) == 0 {
		return nil
	}
	in := Input{Op: OpRecv, Name: name}
	if utf8.Valid(data) {
		in.Raw = string(data)
	} else {
		in.Bytes = append([]byte(nil), data...)
	}
	conn.SendToServer(append([]byte(nil), data...))
	e.record(in)
	e.emit(Event{Kind: InputApplied, Client: name, What: "recv"})
	return nil
}

// Secure tells the server, in order with the bytes already received,
// that the external client's TLS handshake completed, with the
// connection's channel-binding data by type ("tls-exporter",
// "tls-unique"). The handshake itself happens in the listener; this input
// is what a recorded run replays.
func (e *Engine) Secure(name string, bindings map[string][]byte) error {
	conn := e.ext.byName[name]
	if conn == nil {
		return fmt.Errorf("engine: no external connection named %q", name)
	}
	cp := make(map[string][]byte, len(bindings))
	for k, v := range bindings {
		cp[k] = append([]byte(nil), v...)
	}
	conn.SecureToServer(cp)
	e.record(Input{Op: OpTLS, Name: name, Bindings: cp})
	e.emit(Event{Kind: InputApplied, Client: name, What: "tls"})
	return nil
}

// Hangup closes an external client's side of its connection, as when its
// socket closed; the server learns of it when stepped. The name is free
// again afterwards.
func (e *Engine) Hangup(name string) error {
	conn := e.ext.byName[name]
	if conn == nil {
		return fmt.Errorf("engine: no external connection named %q", name)
	}
	delete(e.ext.byName, name)
	e.ext.hungUp = append(e.ext.hungUp, conn)
	conn.CloseFromClient()
	e.record(Input{Op: OpHangup, Name: name})
	e.emit(Event{Kind: InputApplied, Client: name, What: "hangup"})
	return nil
}

// forgetHungUp forgets the names of the connections whose clients hung
// up, once nothing is pending on the network: their close has reached the
// server, which then forgets them, so nothing more can be delivered on
// them.
func (e *Engine) forgetHungUp() {
	if len(e.ext.hungUp) == 0 || e.net.Pending() > 0 {
		return
	}
	for _, conn := range e.ext.hungUp {
		delete(e.ext.names, conn)
	}
	e.ext.hungUp = e.ext.hungUp[:0]
}

// Written tells the server that the oldest n chunks of an external
// connection whose Wire events carried Ack were written to its socket, so
// that what waits on them goes on (mod_offline removes delivered messages
// and sends more). A listener calls it after each socket write that
// included such chunks.
func (e *Engine) Written(name string, n int) error {
	conn := e.ext.byName[name]
	if conn == nil {
		return fmt.Errorf("engine: no external connection named %q", name)
	}
	if n <= 0 {
		return nil
	}
	e.record(Input{Op: OpWritten, Name: name, N: n})
	conn.Written(n)
	e.emit(Event{Kind: InputApplied, Client: name, What: "written"})
	return nil
}

// connName names a connection's client: a simulated client's name or an
// external connection's.
func (e *Engine) connName(conn *vnet.Conn) string {
	if c := e.byConn[conn]; c != nil {
		return c.Name
	}
	return e.ext.names[conn]
}

// AwaitingTLS reports whether the server answered the external connection
// name's <starttls/> with <proceed/> and waits for the TLS handshake: the
// listener then upgrades the socket and reports it with Secure.
func (e *Engine) AwaitingTLS(name string) bool {
	conn := e.ext.byName[name]
	return conn != nil && e.server.AwaitingTLS(conn)
}
