package view

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/session"
)

// Wire is one connection on the stage: the client at one end, the server's
// session at the other, and the deliveries travelling between them.
type Wire struct {
	Conn      string
	Client    string     // the client's name, or the connection's when unknown
	Session   string     // the session's title, "" before the server made one
	State     string     // the session's lifecycle state
	Down      bool       // the session was torn down
	Envelopes []Envelope // in flight on this connection, next first
}

// Envelope is a delivery drawn on its wire: which way it goes, a label
// of a few words, and where it waits, in percent of the wire from the
// client's end.
type Envelope struct {
	ID    string
	Dir   string // DirIn (client to server) or DirOut
	Label string
	At    float64
}

// ServerEnd is what the server's end of the wire says: the session and
// its state.
func (w Wire) ServerEnd() string {
	if w.Session == "" {
		return w.State
	}
	return w.Session + " · " + w.State
}

// Sender is where an envelope going dir appears on its wire, in percent
// from the client's end: at its sender.
func Sender(dir string) float64 {
	if dir == DirIn {
		return 8
	}
	return 92
}

// Receiver is where an envelope going dir arrives: at the other end.
func Receiver(dir string) float64 { return 100 - Sender(dir) }

// queued is where the j-th envelope on a wire going dir waits: the next to
// be delivered nearest the middle, those behind it nearer their sender.
func queued(dir string, j int) float64 {
	if dir == DirIn {
		return max(Sender(dir), 58-16*float64(j))
	}
	return min(Sender(dir), 42+16*float64(j))
}

// maxWires bounds the wires the stage draws; the rest are summarised.
const maxWires = 12

// Wires lays out the stage: a wire for each connection with a session in
// view or a delivery in flight, those with deliveries first, at most
// maxWires of them; more is how many other connections there are, every
// session listed counted.
func (v View) Wires() (wires []Wire, more int) {
	byConn := map[string]*Wire{}
	var order []string
	wire := func(conn, client string) *Wire {
		if w, ok := byConn[conn]; ok {
			return w
		}
		if client == "" {
			client = conn
		}
		byConn[conn] = &Wire{Conn: conn, Client: client}
		order = append(order, conn)
		return byConn[conn]
	}
	for _, f := range v.Flights {
		w := wire(f.Conn, f.Client)
		w.Envelopes = append(w.Envelopes, Envelope{ID: f.ID, Dir: f.Dir, Label: f.Label(), At: queued(f.Dir, len(w.Envelopes))})
	}
	for _, s := range v.Sessions {
		if s.ConnID == "" {
			continue
		}
		w := wire(s.ConnID, s.Client)
		w.Session, w.State, w.Down = s.Title(), s.State, s.State == session.StateDestroyed
	}
	shown := min(len(order), maxWires)
	for _, conn := range order[:shown] {
		wires = append(wires, *byConn[conn])
	}
	// The sessions listed beyond the window have wires too.
	return wires, max(len(order), v.All) - shown
}

// Label is a few words for an envelope: "connect", "auth PLAIN",
// "iq bind", `message "hi"`, "presence", "stream header", "close",
// "TLS handshake".
func (f Flight) Label() string {
	switch f.Kind {
	case "open":
		return "connect"
	case "close":
		return "close"
	case "tls":
		return "TLS handshake"
	}
	toks := lex(f.Raw)
	for _, t := range toks {
		if t.kind != '<' && t.kind != 'e' && t.kind != '/' {
			continue
		}
		name := local(t.name)
		child, text := firstChildAndText(toks)
		switch {
		case t.kind == '/':
			return "close stream"
		case name == "stream":
			return "stream header"
		case name == "auth":
			return "auth " + t.attr("mechanism")
		case name == "iq" || name == "features":
			return strings.TrimSpace(name + " " + child)
		case name == "message" && text != "" && !secret(t.name):
			return "message “" + OneLine(text, 16) + "”"
		}
		return name
	}
	return "text"
}
