package view

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/session"
)

// Stop is one stop of a lesson: a position of its run where one effect of
// the script is on screen, with the narration to show exactly while it is.
// A step the script's actions take is one input of the lesson's run, so
// a stop can be any step: where a stanza a client sends is delivered and
// acted on, where an answer reaches a client, or one of the five effects
// of a login.
type Stop struct {
	Pos     int    // the position of the run
	From    int    // the previous stop's position: this stop shows what changed since
	Action  int    // the script action it belongs to, from 0
	Caption string // the narration
	Stanza  string // what the stop's last step delivered, its cause ("" for none)
}

// stepTrace is what one step of a lesson's run did.
type stepTrace struct {
	pos    int // the position after the step, in the unfolded run
	wire   []engine.Event
	states map[string]string // client -> the state its session entered
}

// tracer records, while a lesson's script plays, what each step did.
type tracer struct {
	eng    *engine.Engine
	steps  []stepTrace
	client map[string]string // session id -> client
	conn   map[string]string // connection -> client
}

func newTracer(e *engine.Engine) *tracer {
	t := &tracer{eng: e, client: map[string]string{}, conn: map[string]string{}}
	e.Subscribe(t.observe)
	return t
}

func (t *tracer) observe(ev engine.Event) {
	switch ev.Kind {
	case engine.StepBegin:
		t.steps = append(t.steps, stepTrace{pos: t.eng.Applied(), states: map[string]string{}})
	case engine.Wire:
		if ev.Client != "" {
			t.conn[ev.Conn] = ev.Client
		}
		if n := len(t.steps); n > 0 {
			t.steps[n-1].wire = append(t.steps[n-1].wire, ev)
		}
	case engine.SessionCreated, engine.SessionChanged, engine.SessionDestroyed:
		if ev.Snapshot == nil || len(t.steps) == 0 {
			return
		}
		if _, ok := t.client[ev.SessionID]; !ok {
			t.client[ev.SessionID] = t.conn[ev.Snapshot.ConnID]
		}
		t.steps[len(t.steps)-1].states[t.client[ev.SessionID]] = ev.Snapshot.State
	}
}

// unfold makes every step its own input, so that the run can stop at any
// step.
func unfold(ins []engine.Input) []engine.Input {
	out := make([]engine.Input, 0, len(ins))
	for _, in := range ins {
		if in.Op != engine.OpStep {
			out = append(out, in)
			continue
		}
		for range max(in.N, 1) {
			out = append(out, engine.Input{Op: engine.OpStep})
		}
	}
	return out
}

// stops finds each action's stops among the steps it took, between the
// end of the previous action and its own end.
func (t *tracer) stops(ls *Lesson, actions []scansion.Action) []Stop {
	var out []Stop
	last := 0
	for i, a := range actions {
		begin := 0
		if i > 0 {
			begin = ls.Ends[i-1]
		}
		steps := t.stopsOf(a, begin, ls.Ends[i], last)
		for j, s := range steps {
			// The script's narration goes with the action's last effect,
			// which it describes (a login's: the resource bound).
			caption := ls.Title + " — " + stepHead(ls.Text[i]) + strings.TrimPrefix(effect(a, s), " ")
			if j == len(steps)-1 {
				caption = ls.Title + " — " + ls.Text[i] + effect(a, s)
			}
			stop := Stop{Pos: s.pos, From: last, Action: i, Caption: caption, Stanza: cause(s)}
			if n := len(out); n > 0 && stop.Pos <= last {
				out[n-1].Caption += " " + ls.Text[i] // nothing new on screen: one stop says both
				continue
			}
			out = append(out, stop)
			last = stop.Pos
		}
	}
	return out
}

// stepHead is "Step 1 of 8: Romeo connects. " from an action's narration.
func stepHead(text string) string {
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+2]
	}
	return text + " "
}

// stopsOf returns the steps of (begin, end] where action a's effects are
// on screen, after position last; the end itself when none is found.
func (t *tracer) stopsOf(a scansion.Action, begin, end, last int) []stepTrace {
	var out []stepTrace
	featured := false
	lo := begin
	if a.Kind == scansion.Receives {
		lo = last // what reaches a client is read by the receives after it
	}
	for _, s := range t.steps {
		if s.pos <= lo || s.pos > end {
			continue
		}
		switch a.Kind {
		case scansion.Connects:
			st, changed := s.states[a.Client]
			features := !featured && st == "" && delivers(s, engine.Out, a.Client, "<stream:features")
			if (changed && st != session.StateConnected) || features {
				featured = featured || features
				out = append(out, s)
			}
		case scansion.Sends:
			if len(out) == 0 && delivers(s, engine.In, a.Client, "<") {
				out = append(out, s)
			}
		case scansion.Receives:
			if delivers(s, engine.Out, a.Client, "<") {
				out = []stepTrace{s} // the last delivery to the client
			}
		case scansion.Disconnects:
			if s.states[a.Client] == session.StateDestroyed {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, stepTrace{pos: end})
	}
	return out
}

// delivers reports whether the step delivered data holding text in
// direction dir on client's connection.
func delivers(s stepTrace, dir, client, text string) bool {
	for _, w := range s.wire {
		if w.Dir == dir && w.Client == client && w.What == "data" && strings.Contains(w.Raw, text) {
			return true
		}
	}
	return false
}

// cause is the data the step delivered.
func cause(s stepTrace) string {
	for _, w := range s.wire {
		if w.What == "data" {
			return w.Raw
		}
	}
	return ""
}

// effect says what a login's step did, in words, or what reached the
// client of a receives; "" for other actions.
func effect(a scansion.Action, s stepTrace) string {
	if a.Kind == scansion.Receives {
		for _, w := range s.wire {
			if w.Dir == engine.Out && w.Client == a.Client && w.What == "data" {
				_, _, sum := Describe(w.Raw, false)
				return " What arrived: " + sum + "."
			}
		}
	}
	if a.Kind != scansion.Connects {
		return ""
	}
	switch s.states[a.Client] {
	case session.StateOpen:
		return " The server answers the stream header with its own: notopen is cleared and host is set, by mod_c2s."
	case session.StateAuthenticated:
		return " SASL succeeds: username is set and type becomes c2s_unbound (mod_saslauth); notopen is set again, as the client must restart the stream."
	case session.StateUnbound:
		return " The client restarts the stream: the new header is answered and the features now offer resource binding."
	case session.StateBound:
		return " The bind iq binds a resource: resource, full_jid and the roster are set and type becomes c2s (sessionmanager's bind_resource). The session is now a connected resource."
	}
	if delivers(s, engine.Out, a.Client, "<stream:features") {
		return " The server sends its stream features: the SASL mechanisms the client may authenticate with."
	}
	return ""
}
