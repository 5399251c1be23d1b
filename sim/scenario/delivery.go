package scenario

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/scansion"
)

// nextStanza returns the next stanza a receives of act reads: the rest of
// its current read if it has one, else a new read of everything waiting
// for it. When nothing waits, the virtual clock moves on by the timeout
// and the client looks again. It returns nil when nothing came.
func (p *Player) nextStanza(act *actor) *etree.Element {
	name := act.decl.Name
	if p.read != nil && p.read.client == name && len(p.read.items) > 0 {
		return p.take()
	}
	if act.online {
		p.settle()
	}
	if len(act.pending) == 0 && act.online {
		p.eng.Advance(p.opts.Timeout)
		p.settle()
	}
	if len(act.pending) == 0 {
		return nil
	}
	p.read = &read{client: name, items: act.pending}
	act.pending = nil
	return p.take()
}

func (p *Player) take() *etree.Element {
	e := p.read.items[0]
	p.read.items = p.read.items[1:]
	return e
}

// afterAction applies the delivery rule once action i has run: the rest of
// the current read is kept only when the next waiting action (anything
// but sends) is a receives by the same client; otherwise it is discarded
// and reported. In StrictFIFO mode it goes back to the client's queue.
func (p *Player) afterAction(i int, out *Outcome) {
	if p.read == nil || len(p.read.items) == 0 {
		p.read = nil
		return
	}
	if w := p.nextWaiting(i + 1); w != nil && w.Client == p.read.client &&
		(w.Kind == scansion.Receives || w.Kind == scansion.ReceivesNothing) {
		return
	}
	p.dropRead(out)
}

// dropRead ends the current read, discarding what is left of it.
func (p *Player) dropRead(out *Outcome) {
	if p.read == nil {
		return
	}
	act := p.clients[p.read.client]
	if p.opts.StrictFIFO {
		act.pending = append(p.read.items, act.pending...)
	} else {
		for _, e := range p.read.items {
			out.Discarded = append(out.Discarded, Discard{Client: p.read.client, Stanza: e, Why: SameRead})
		}
	}
	p.read = nil
}

// nextWaiting returns the first action from index i on that waits for
// something, or nil at the end of the script.
func (p *Player) nextWaiting(i int) *scansion.Action {
	for ; i < len(p.script.Actions); i++ {
		if a := &p.script.Actions[i]; a.Kind != scansion.Sends {
			return a
		}
	}
	return nil
}

// finish reports, after the last action, the stanzas no client read.
func (p *Player) finish(out *Outcome) {
	p.settle()
	for _, c := range p.script.Clients {
		p.unread(p.clients[c.Name], out)
	}
}

// checkDropped fails the script when the server closed the connection of
// a client the script considers connected, as scansion aborts then. As a
// SessionScope extension, a script may instead let that client's next
// action be a receives, which reads what arrived before the close (such
// as the stream error).
func (p *Player) checkDropped() *reason {
	for _, c := range p.script.Clients {
		act := p.clients[c.Name]
		ec := p.eng.Client(c.Name)
		if act.online && ec.Conn() == nil {
			act.online = false
			if a := p.nextOf(c.Name, p.next); a != nil && a.Kind == scansion.Receives && len(act.pending) > 0 {
				continue
			}
			msg := "the server closed " + c.Name + "'s connection"
			if e := ec.LastError(); e != "" {
				msg += " (stream error: " + e + ")"
			}
			return &reason{msg: msg}
		}
	}
	return nil
}

// nextOf returns the first action of the named client from index i on.
func (p *Player) nextOf(name string, i int) *scansion.Action {
	for ; i < len(p.script.Actions); i++ {
		if a := &p.script.Actions[i]; a.Client == name {
			return a
		}
	}
	return nil
}
