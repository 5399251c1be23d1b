package scenario

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Recorder turns what happens in an engine (client actions and the
// stanzas that come back) into a scansion script, so an exploration
// becomes a regression test. Subscribe it before the run with
// NewRecorder; call Script at any time.
//
// A client's login (connect, open, auth, bind) becomes one "connects" when
// the client is bound; close and drop become "disconnects"; the stanzas a
// bound client writes (raw or through its actions) become "sends", when
// the server reads them; the stanzas it receives become
// "receives", grouped per client between two user inputs so that the
// script reads them in the order the runner's delivery rule allows.
// Attribute values equal to a client's JIDs become variables, and
// server-generated iq ids and delay stamps become {scansion:any}.
type Recorder struct {
	eng     *engine.Engine
	clients map[string]*recClient
	order   []string
	actions []scansion.Action
	// waiting holds received stanzas not yet written, per client, and
	// the clients in order of their first such stanza.
	waiting map[string][]*etree.Element
	queue   []string
	// full maps each full JID ever bound to its client's name; current
	// maps each client to the full JID of its latest binding.
	full    map[string]string
	current map[string]string
	// notes are comments for the next action (steps not recordable).
	notes  []string
	inputs int
}

type recClient struct {
	spec  client.Spec
	bound bool
	seen  int
}

// NewRecorder subscribes a recorder to e. Clients the engine already has
// are declared too.
func NewRecorder(e *engine.Engine) *Recorder {
	r := &Recorder{
		eng: e, clients: map[string]*recClient{}, waiting: map[string][]*etree.Element{},
		full: map[string]string{}, current: map[string]string{}, inputs: len(e.Inputs()),
	}
	for _, c := range e.Clients() {
		r.declare(c)
	}
	e.Subscribe(r.observe)
	return r
}

func (r *Recorder) declare(c *client.Client) *recClient {
	rc := r.clients[c.Name]
	if rc == nil {
		rc = &recClient{spec: c.Spec, seen: len(c.Received())}
		r.clients[c.Name] = rc
		r.order = append(r.order, c.Name)
	}
	return rc
}

func (r *Recorder) observe(ev engine.Event) {
	switch ev.Kind {
	case engine.InputApplied:
		r.input()
	case engine.Wire:
		if ev.Dir == engine.In && ev.What == "data" {
			r.sent(ev.Client, ev.Raw)
		}
	case engine.StepEnd:
		r.received()
	}
}

// input records the inputs applied since the last call.
func (r *Recorder) input() {
	all := r.eng.Inputs()
	for _, in := range all[r.inputs:] {
		r.apply(in)
	}
	r.inputs = len(all)
}

func (r *Recorder) apply(in engine.Input) {
	switch in.Op {
	case engine.OpClient:
		if c := r.eng.Client(in.Client.Name); c != nil {
			r.declare(c)
		} else if in.Client != nil {
			r.declare(client.New(*in.Client))
		}
	case engine.OpAct:
		r.flush()
		r.act(in.Name, in.Action)
	case engine.OpSend, engine.OpAdvance:
		r.flush()
	}
}

func (r *Recorder) act(name, action string) {
	rc := r.clients[name]
	switch {
	case rc == nil:
	case action == client.ActClose || action == client.ActDrop:
		if rc.bound {
			rc.bound = false
			r.add(scansion.Action{Client: name, Kind: scansion.Disconnects})
		}
	case action == client.ActAuthWrong:
		r.notes = append(r.notes, name+" tried a wrong password (not recordable in scansion)")
	}
}

// sent records what a bound client wrote, as the server reads it; the
// login and the closing tag are not stanzas of the script.
func (r *Recorder) sent(name, raw string) {
	rc := r.clients[name]
	if rc == nil || !rc.bound || strings.TrimSpace(raw) == "</stream:stream>" {
		return
	}
	r.flush()
	els, err := scansion.ParseStanzas(raw)
	if err != nil || len(els) == 0 {
		r.notes = append(r.notes, fmt.Sprintf("%s sent text that is not a stanza (not recordable): %s", name, oneLine(raw)))
		return
	}
	var b strings.Builder
	for _, e := range els {
		r.writePayload(&b, e, false)
	}
	r.add(scansion.Action{Client: name, Kind: scansion.Sends, XML: b.String()})
}

// received collects, after each step, what bound clients received, and
// notices logins and connections the server closed.
func (r *Recorder) received() {
	for _, name := range r.order {
		rc, c := r.clients[name], r.eng.Client(name)
		if c == nil {
			continue
		}
		got := c.Received()
		if !rc.bound && c.State() == client.Bound {
			r.flush()
			rc.bound, rc.seen = true, len(got)
			r.full[c.JID()], r.current[name] = name, c.JID()
			r.add(scansion.Action{Client: name, Kind: scansion.Connects})
			continue
		}
		if rc.bound && len(got) > rc.seen {
			if len(r.waiting[name]) == 0 {
				r.queue = append(r.queue, name)
			}
			r.waiting[name] = append(r.waiting[name], got[rc.seen:]...)
		}
		rc.seen = len(got)
		if rc.bound && c.Conn() == nil {
			rc.bound = false // closed by the server
		}
	}
}

// flush writes the waiting received stanzas as receives actions, client
// by client in order of first arrival.
func (r *Recorder) flush() {
	for _, name := range r.queue {
		for _, e := range r.waiting[name] {
			var b strings.Builder
			r.writePayload(&b, e, true)
			r.add(scansion.Action{Client: name, Kind: scansion.Receives, XML: b.String()})
		}
		delete(r.waiting, name)
	}
	r.queue = nil
}

func (r *Recorder) add(a scansion.Action) {
	a.Comments, r.notes = r.notes, nil
	r.actions = append(r.actions, a)
}

// Script returns the recording so far as a script with the given title.
// Received stanzas not yet written are written first.
func (r *Recorder) Script(title string) *scansion.Script {
	r.input()
	r.flush()
	s := &scansion.Script{
		Title:       title,
		Description: []string{"Recorded by SessionScope; play it with `sessionscope run` or Prosody's scansion."},
	}
	for _, name := range r.order {
		s.Clients = append(s.Clients, declaration(name, r.clients[name].spec))
	}
	s.Actions = append([]scansion.Action(nil), r.actions...)
	s.Description = append(s.Description, r.notes...)
	return s
}

// declaration is the [Client] block of an engine client.
func declaration(name string, spec client.Spec) scansion.Client {
	host := spec.Host
	if host == "" {
		host = "localhost"
	}
	j := spec.User + "@" + host
	if spec.Resource != "" {
		j += "/" + spec.Resource
	}
	return scansion.Client{Name: name, JID: j, Password: spec.Password}
}

// writePayload writes e as payload lines: attribute values double-quoted
// (variables contain apostrophes), JIDs replaced by variables, and, for
// received stanzas, server-generated values replaced by {scansion:any}.
func (r *Recorder) writePayload(b *strings.Builder, e *etree.Element, received bool) {
	e = unqualified(e)
	if received {
		anyGenerated(e, true)
	}
	r.writeElement(b, e, 0)
}

// anyGenerated replaces the values the server generates anew on every run.
func anyGenerated(e *etree.Element, root bool) {
	if root && e.Tag == "iq" {
		if t := stanza.Attr(e, "type"); (t == "set" || t == "get") && stanza.HasAttr(e, "id") {
			e.CreateAttr("id", scansion.Any)
		}
	}
	if a := e.SelectAttr("stamp"); a != nil {
		a.Value = scansion.Any
	}
	for _, c := range e.ChildElements() {
		anyGenerated(c, false)
	}
}

func (r *Recorder) writeElement(b *strings.Builder, e *etree.Element, depth int) {
	indent := strings.Repeat("\t", depth)
	b.WriteString(indent + "<" + e.FullTag())
	for _, a := range e.Attr {
		fmt.Fprintf(b, " %s=\"%s\"", a.FullKey(), r.attrValue(a.Value))
	}
	kids, text := e.ChildElements(), strings.TrimSpace(e.Text())
	switch {
	case len(kids) == 0 && text == "":
		b.WriteString("/>\n")
	case len(kids) == 0:
		b.WriteString(">" + escapeText(e.Text()) + "</" + e.FullTag() + ">\n")
	default:
		b.WriteString(">\n")
		for _, c := range kids {
			r.writeElement(b, c, depth+1)
		}
		b.WriteString(indent + "</" + e.FullTag() + ">\n")
	}
}

// attrValue escapes a value for a double-quoted attribute, or returns the
// variable that stands for it: a client's current full JID, or the bare
// JID of the first client declared for an account.
func (r *Recorder) attrValue(v string) string {
	if name, ok := r.full[v]; ok && r.current[name] == v {
		return "${" + name + "'s full JID}"
	}
	for _, name := range r.order {
		if declaration(name, r.clients[name].spec).BareJID() == v {
			return "${" + name + "'s JID}"
		}
	}
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", "\"", "&quot;", "${", "&#36;{").Replace(v)
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "${", "&#36;{").Replace(s)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
