package control

import (
	"strconv"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/wsframe"
)

// A real client inside the page (Converse.js, or any web client) talks to
// the run through an in-tab WebSocket: connecting is a dial input, each
// message a recv input and closing a hangup, exactly as the listener
// records its sockets (sim/wsframe translates the framing), so the run
// replays byte for byte. What the server writes to the connection comes
// back through Outbox.

// socket is one in-tab WebSocket attached to the run.
type socket struct {
	conn string         // the network's connection id
	eng  *engine.Engine // the engine it was dialled on: a rebuild detaches it
	ends any            // the host's ends of the socket (Dial)
}

// Out is one thing for an in-tab WebSocket: a message, or the end of
// the connection (Close).
type Out struct {
	Socket string `json:"socket"`
	Data   string `json:"data,omitempty"`
	Close  bool   `json:"close,omitempty"`
	Ends   any    `json:"-"` // the socket's ends, as given to Dial
}

// maxSettle bounds the steps of one settling: a real client waits for
// answers, but a run that never goes idle must not hold the page.
const maxSettle = 100000

// observeSockets queues what the server writes to an attached socket.
func (b *Board) observeSockets(ev engine.Event) {
	if ev.Kind != engine.Wire || ev.Dir != engine.Out || len(b.sockets) == 0 {
		return
	}
	for name, s := range b.sockets {
		if s.conn != ev.Conn || s.eng != b.TL.Engine() {
			continue
		}
		if ev.What == "close" {
			b.outbox = append(b.outbox, Out{Socket: name, Close: true})
			return
		}
		if msg := wsframe.ToClient([]byte(ev.Raw)); msg != nil {
			b.outbox = append(b.outbox, Out{Socket: name, Data: string(msg)})
		}
		if ev.Ack {
			b.acks = append(b.acks, name)
		}
		return
	}
}

// Dial attaches a new in-tab WebSocket for the client named base (a
// number is added when the name is taken) and returns its name, which
// names its connection, card and log rows. The run plays on while it is
// attached (Settle). ends are the host's ends of the socket, handed
// back with each Out for it.
func (b *Board) Dial(base string, ends any) (string, error) {
	name := base
	for i := 2; b.nameTaken(name); i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	if err := b.Input(true, engine.Input{Op: engine.OpDial, Name: name}); err != nil {
		return "", err
	}
	if b.sockets == nil {
		b.sockets = make(map[string]socket)
	}
	eng := b.TL.Engine()
	b.sockets[name] = socket{conn: eng.ConnOf(name), eng: eng, ends: ends}
	b.claim(name)
	return name, b.Settle()
}

func (b *Board) nameTaken(name string) bool {
	e := b.TL.Engine()
	_, attached := b.sockets[name]
	return attached || e.Client(name) != nil || e.ConnOf(name) != ""
}

// Recv brings one message of a socket into the run, its framing
// translated, then settles.
func (b *Board) Recv(name, msg string) error {
	if !b.attached(name) {
		return nil // a socket detached by a rebuild: its messages have nowhere to go
	}
	data := wsframe.FromClient([]byte(msg))
	if err := b.Input(true, engine.Input{Op: engine.OpRecv, Name: name, Raw: string(data)}); err != nil {
		return err
	}
	return b.Settle()
}

// Hangup records that a socket closed, then settles, so that the close
// reaches the server; a socket already detached is only forgotten.
func (b *Board) Hangup(name string) error {
	defer delete(b.sockets, name)
	if !b.attached(name) || b.TL.Engine().ConnOf(name) == "" {
		return nil
	}
	if err := b.Input(true, engine.Input{Op: engine.OpHangup, Name: name}); err != nil {
		return err
	}
	return b.Settle()
}

// attached reports whether a socket is attached to the engine now shown.
func (b *Board) attached(name string) bool {
	s, ok := b.sockets[name]
	return ok && s.eng == b.TL.Engine()
}

// Hold holds the deliveries of the run in flight while on, even with a
// real client attached, so that they can be inspected, delayed or
// dropped; off, the run settles at once.
func (b *Board) Hold(on bool) error {
	b.held = on
	return b.Settle()
}

// Held reports whether deliveries are held.
func (b *Board) Held() bool { return b.held }

// Live reports whether the run plays on its own: a real client is
// attached, deliveries are not held, and the run is at its end.
func (b *Board) Live() bool {
	return !b.held && !b.TL.InPast() && b.attachedCount() > 0
}

// attachedCount counts the sockets attached to the engine shown.
func (b *Board) attachedCount() int {
	n := 0
	for name := range b.sockets {
		if b.attached(name) {
			n++
		}
	}
	return n
}

// Settle steps until nothing is pending while the run is Live; otherwise
// it does nothing. A real client expects answers.
func (b *Board) Settle() error {
	if !b.Live() {
		return nil
	}
	_, err := b.TL.Forward(maxSettle)
	return err
}

// Outbox returns what the server wrote to the attached sockets since the
// last call, in order, and detaches the sockets whose engine was rebuilt
// (the run went back in time), with a Close for each.
func (b *Board) Outbox() []Out {
	var out []Out
	for more := true; more; {
		out = append(out, b.outbox...)
		b.outbox = nil
		more = b.confirmWritten()
	}
	for i := range out {
		out[i].Ends = b.sockets[out[i].Socket].ends
	}
	for name, s := range b.sockets {
		if !b.attached(name) {
			delete(b.sockets, name)
			out = append(out, Out{Socket: name, Close: true, Ends: s.ends})
		}
	}
	return out
}

// HangupAll hangs up every socket, as when a real client's page goes
// away, and returns a Close for each.
func (b *Board) HangupAll() ([]Out, error) {
	var out []Out
	for name, s := range b.sockets {
		out = append(out, Out{Socket: name, Close: true, Ends: s.ends})
		if err := b.Hangup(name); err != nil {
			return out, err
		}
	}
	return out, nil
}

// confirmWritten records, as a listener does once its socket write is
// done, that the chunks the server asked to hear about (Event.Ack: an
// offline flush, which leaves storage only once written) were handed to
// their sockets, then settles; it reports whether there were any. The
// server may then send more, which the caller takes in turn.
func (b *Board) confirmWritten() bool {
	counts := map[string]int{}
	var order []string
	for _, name := range b.acks {
		if counts[name] == 0 {
			order = append(order, name)
		}
		counts[name]++
	}
	b.acks = nil
	any := false
	for _, name := range order {
		if !b.attached(name) || b.TL.InPast() {
			continue
		}
		if b.Input(true, engine.Input{Op: engine.OpWritten, Name: name, N: counts[name]}) == nil {
			any = true
		}
	}
	if any {
		_ = b.Settle()
	}
	return any
}

// SocketSession returns the session on a socket's connection, if any.
func (b *Board) SocketSession(name string) (session.Snapshot, bool) {
	s, ok := b.sockets[name]
	if !ok {
		return session.Snapshot{}, false
	}
	for _, snap := range b.TL.Engine().Sessions() {
		if snap.ConnID == s.conn {
			return snap, true
		}
	}
	return session.Snapshot{}, false
}
