package scenario

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// reason says why an action failed, with the stanzas involved.
type reason struct {
	msg      string
	path     string
	expected *etree.Element
	got      *etree.Element
}

// addClient creates the engine client of a declared character, named as
// in the script.
func (p *Player) addClient(c scansion.Client) error {
	user, _, _ := strings.Cut(c.BareJID(), "@")
	if !strings.Contains(c.BareJID(), "@") {
		user = ""
	}
	spec := client.Spec{
		Name: c.Name, User: user, Password: c.Password,
		Resource: c.RequestedResource(), Host: domainOf(c.BareJID()),
	}
	if _, err := p.eng.AddClient(spec); err != nil {
		return fmt.Errorf("scenario: client %q: %w", c.Name, err)
	}
	p.clients[c.Name] = &actor{decl: c}
	return nil
}

// settle runs the engine until nothing is pending, then moves every
// client's newly received stanzas to its pending queue.
func (p *Player) settle() *reason {
	p.eng.Run(p.opts.MaxSteps)
	p.collect()
	if p.eng.Pending() > 0 {
		return &reason{msg: fmt.Sprintf("the server did not settle within %d steps", p.opts.MaxSteps)}
	}
	return nil
}

// collect appends what each online client received since the last call
// to its pending queue.
func (p *Player) collect() {
	for _, c := range p.script.Clients {
		act := p.clients[c.Name]
		got := p.eng.Client(c.Name).Received()
		if act.online {
			act.pending = append(act.pending, got[act.seen:]...)
		}
		act.seen = len(got)
	}
}

// connect performs the real login: stream, SASL PLAIN, restart and bind
// with the requested resource, stepping the engine between actions. A
// client with the property "login: fails" expects SASL to refuse it: its
// stream stays open and the <failure/> waits to be received.
func (p *Player) connect(act *actor, out *Outcome) *reason {
	name := act.decl.Name
	if act.online {
		return &reason{msg: name + " is already connected"}
	}
	c := p.eng.Client(name)
	start := len(c.Received())
	if r := p.login(name, c); r != nil {
		return r
	}
	failed := c.State() != client.Bound
	switch {
	case expectsLoginFailure(act.decl) && failed && c.Conn() != nil && c.LastError() != "":
		act.online, act.seen, act.pending = true, start, nil
		p.collect()
		act.pending = saslFailures(act.pending)
		out.Note = "authentication refused: " + c.LastError() + ", as expected"
		return nil
	case expectsLoginFailure(act.decl) && !failed:
		return &reason{msg: "the login was expected to fail, but the server bound " + c.JID()}
	case failed:
		msg := "login failed in state " + string(c.State())
		if e := c.LastError(); e != "" {
			msg += ": " + e
		}
		return &reason{msg: msg}
	}
	act.online, act.fullJID, act.seen, act.pending = true, c.JID(), len(c.Received()), nil
	out.Note = "bound " + act.fullJID
	return nil
}

// login drives the client's lifecycle actions until it is bound or
// stuck (an authentication failure, a closed connection).
func (p *Player) login(name string, c *client.Client) *reason {
	for tries := 0; tries < 8; tries++ {
		if r := p.settle(); r != nil {
			return r
		}
		next := c.Next()
		if c.State() == client.Bound || next == "" || next == client.ActClose ||
			(tries > 0 && next == client.ActConnect) || (next == client.ActAuth && c.LastError() != "") {
			return nil
		}
		if err := p.eng.Act(name, next); err != nil {
			return &reason{msg: "login failed: " + err.Error()}
		}
	}
	return nil
}

// expectsLoginFailure reports whether a client declares "login: fails",
// a SessionScope extension for lessons about refused logins.
func expectsLoginFailure(c scansion.Client) bool {
	return c.Extra["login"] == "fails"
}

// saslFailures keeps the SASL <failure/> elements of what a client
// received while logging in.
func saslFailures(els []*etree.Element) []*etree.Element {
	var out []*etree.Element
	for _, e := range els {
		if e.Tag == "failure" && stanza.NS(e) == stanza.NSSASL {
			out = append(out, e)
		}
	}
	return out
}

// disconnect closes the client's stream cleanly; it does nothing for a
// client that is not connected. Stanzas it never read are reported.
func (p *Player) disconnect(act *actor, out *Outcome) *reason {
	if !act.online {
		out.Note = "not connected: nothing to do"
		return nil
	}
	if r := p.settle(); r != nil {
		return r
	}
	p.unread(act, out)
	act.online = false
	if err := p.eng.Act(act.decl.Name, client.ActClose); err != nil {
		return &reason{msg: "cannot close the stream: " + err.Error()}
	}
	return p.settle()
}

// unread reports and forgets the stanzas a client will never read.
func (p *Player) unread(act *actor, out *Outcome) {
	for _, e := range act.pending {
		out.Discarded = append(out.Discarded, Discard{Client: act.decl.Name, Stanza: e, Why: NeverRead})
	}
	act.pending = nil
}

// send writes the payload's stanzas on the client's connection.
func (p *Player) send(act *actor, a scansion.Action, out *Outcome) *reason {
	if !act.online {
		return &reason{msg: act.decl.Name + " is not connected"}
	}
	els, r := p.expand(a)
	if r != nil {
		return r
	}
	for _, e := range els {
		raw := Wire(e)
		if err := p.eng.Send(act.decl.Name, raw); err != nil {
			return &reason{msg: "cannot send: " + err.Error()}
		}
		out.Sent = append(out.Sent, e)
	}
	return p.settle()
}

// receive matches the next stanzas on the client's connection against the
// payload's elements, one each.
func (p *Player) receive(act *actor, a scansion.Action, out *Outcome) *reason {
	if !act.online && len(act.pending) == 0 && (p.read == nil || p.read.client != act.decl.Name) {
		return &reason{msg: act.decl.Name + " is not connected"}
	}
	els, r := p.expand(a)
	if r != nil {
		return r
	}
	for _, want := range els {
		out.Expected = append(out.Expected, want)
		got := p.nextStanza(act)
		if got == nil {
			return &reason{msg: fmt.Sprintf("timeout: nothing received within %s", p.opts.Timeout), expected: want}
		}
		out.Received = append(out.Received, got)
		if err := p.matcher.Match(want, got); err != nil {
			return mismatchReason(err, want, got)
		}
	}
	return nil
}

func mismatchReason(err error, want, got *etree.Element) *reason {
	r := &reason{msg: err.Error(), expected: want, got: got}
	if m, ok := err.(*scansion.Mismatch); ok {
		r.path, r.msg = m.Path, m.Msg
	}
	return r
}

// receiveNothing passes when no stanza waits for the client, even after
// the timeout has passed in virtual time.
func (p *Player) receiveNothing(act *actor, out *Outcome) *reason {
	if !act.online {
		return &reason{msg: act.decl.Name + " is not connected"}
	}
	got := p.nextStanza(act)
	if got == nil {
		return nil
	}
	out.Received = append(out.Received, got)
	return &reason{msg: "expected nothing, but a stanza arrived", got: got}
}
