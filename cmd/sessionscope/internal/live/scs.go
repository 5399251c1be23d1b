package live

import (
	"errors"
	"fmt"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/frame"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// scsHeader opens the stream a script's stanzas are read in.
const scsHeader = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"

// scsConn is one connection as a scansion client: what it has sent since
// it bound a resource is cut into stanzas by a framer of its own.
type scsConn struct {
	name   string
	jid    string // the full JID once bound
	framer *frame.Framer
	bindOK bool // the bind result, which "connects" covers, has gone by
}

// scsBuilder turns a replayed live run's events into a scansion script.
type scsBuilder struct {
	script    scansion.Script
	byConn    map[string]*scsConn // by engine connection id
	passwords map[string]string   // by user name, from the run's -user accounts
	err       error
}

// Script turns a recorded live run into a scansion script: each
// connection that bound a resource becomes a client that connects with
// that JID, sends what it sent afterwards, receives what it received and
// disconnects. What happened before binding (the stream and SASL) is
// what "connects" does.
func Script(s engine.Scenario) (*scansion.Script, error) {
	b := &scsBuilder{byConn: make(map[string]*scsConn), passwords: make(map[string]string)}
	b.script.Title = "A live SessionScope run"
	for _, in := range s.Inputs {
		if in.Op == engine.OpAccount {
			b.passwords[in.User] = in.Password
		}
	}
	if _, err := Replay(s, b.observe); err != nil {
		return nil, err
	}
	return &b.script, b.err
}

func (b *scsBuilder) observe(ev engine.Event) {
	switch ev.Kind {
	case engine.SessionChanged:
		b.bound(ev)
	case engine.Wire:
		c := b.byConn[ev.Conn]
		if c == nil {
			return
		}
		switch {
		case ev.What == "close" && ev.Dir == engine.In:
			b.add(scansion.Action{Client: c.name, Kind: scansion.Disconnects})
			delete(b.byConn, ev.Conn)
		case ev.What == "data" && ev.Dir == engine.In:
			b.sent(c, ev.Raw)
		case ev.What == "data" && ev.Dir == engine.Out && !c.bindOK:
			c.bindOK = true // the first stanza after binding is the bind result
		case ev.What == "data" && ev.Dir == engine.Out && ev.Raw != "</stream:stream>":
			b.add(scansion.Action{Client: c.name, Kind: scansion.Receives, XML: ev.Raw})
		}
	}
}

// bound declares a client when a connection's session binds a resource.
func (b *scsBuilder) bound(ev engine.Event) {
	full := ev.Snapshot.Fields["full_jid"]
	if !full.Set || b.byConn[ev.Snapshot.ConnID] != nil {
		return
	}
	user := ev.Snapshot.Fields["username"].Text
	name := b.unique(user)
	c := &scsConn{name: name, jid: full.Text, framer: frame.New(1 << 20)}
	c.framer.Write([]byte(scsHeader))
	if _, err := c.framer.Next(); err != nil {
		b.err = errors.Join(b.err, err)
		return
	}
	b.byConn[ev.Snapshot.ConnID] = c
	b.script.Clients = append(b.script.Clients, scansion.Client{Name: name, JID: full.Text, Password: b.passwords[user]})
	b.add(scansion.Action{Client: name, Kind: scansion.Connects})
}

// sent cuts what a client sent into stanzas.
func (b *scsBuilder) sent(c *scsConn, raw string) {
	c.framer.Write([]byte(raw))
	for {
		ev, err := c.framer.Next()
		if errors.Is(err, frame.ErrMore) {
			return
		}
		if err != nil {
			b.add(scansion.Action{Client: c.name, Kind: scansion.Disconnects, Comments: []string{" the client's stream failed: " + err.Error()}})
			return
		}
		if ev.Kind == frame.Element {
			b.add(scansion.Action{Client: c.name, Kind: scansion.Sends, XML: stanza.String(ev.Element)})
		}
	}
}

func (b *scsBuilder) add(a scansion.Action) { b.script.Actions = append(b.script.Actions, a) }

// unique names a client after its user, numbered from the second on.
func (b *scsBuilder) unique(user string) string {
	if user == "" {
		user = "Client"
	}
	name := user
	for n := 2; ; n++ {
		if _, taken := b.script.Client(name); !taken {
			return name
		}
		name = fmt.Sprintf("%s %d", user, n)
	}
}
