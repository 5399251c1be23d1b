//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/hack-pad/hackpadfs"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/session"
)

// view is a plain-value picture of the run for one render. The worker
// writes it under app.mu; the render reads a copy.
type view struct {
	published    bool // false until the worker first publishes
	gen          int  // changes when the run is rebuilt from the seed
	host, now    string
	step, total  int // timeline position
	engineStep   int
	pending      int
	fork         string // the input waiting for a fork confirmation
	config       server.Config
	configurable bool
	accounts     []accountView
	clients      []clientView
	clientCount  int                // all clients; clients holds those shown
	sessions     []session.Snapshot // the published window of the list of sessions
	first        int                // the index in the list of sessions[0]
	changed      map[string]map[string]session.Change
	trans        map[string]string
	live, all    int        // live and remembered sessions
	scroll       *scrollReq // a scrollToSession call waiting for the render
	log          []logEntry // append-only within one gen
	queue        []flight
	narration    string
	inputs       int
	invariants   []invariant.Result
}

type clientView struct {
	name, user, state, next, jid, lastErr string
}

type accountView struct {
	name     string
	disabled bool
	stored   []string // "roster: 3 items"-style lines for other documents
}

// flight is one pending delivery on the network.
type flight struct {
	seq                     uint64
	conn, client, dir, kind string
	raw                     string
}

// logEntry is one thing that crossed the wire or happened on the server.
type logEntry struct {
	idx       int // the timeline input that produced it
	step      int
	conn, who string
	dir, what string
	raw       string
	timer     bool
}

// recorder is the observer's memory of the run. Only the worker touches it.
type recorder struct {
	gen      int
	sessions map[string]session.Snapshot
	order    []string
	changed  map[string]map[string]session.Change
	trans    map[string]string
	state    map[string]string
	live     int // sessions in order that are not destroyed
	log      []logEntry
	tl       *engine.Timeline
	// seen counts the points of interest playback can pause on.
	seen marks
	// inv keeps the invariants' verdicts, told of every session event.
	inv *invariant.Tracker
}

// marks counts the session changes "pause on" watches for, since the run
// was rebuilt; stanzas and errors are read from the log only when playback
// asks (pauseMark).
type marks struct {
	state int // a session changed lifecycle state (or was created)
	end   int // a session was destroyed
	what  string
}

func (r *recorder) reset() {
	r.gen++
	r.sessions = make(map[string]session.Snapshot)
	r.order = nil
	r.changed = make(map[string]map[string]session.Change)
	r.trans = make(map[string]string)
	r.state = make(map[string]string)
	r.live = 0
	r.log = nil
	r.seen = marks{}
	r.inv = invariant.NewTracker()
}

// observe runs on the worker goroutine, inside engine calls.
func (r *recorder) observe(ev engine.Event) {
	switch ev.Kind {
	case engine.StepBegin:
		r.changed = make(map[string]map[string]session.Change)
	case engine.SessionCreated, engine.SessionChanged, engine.SessionDestroyed:
		r.session(ev)
	case engine.Wire:
		r.log = append(r.log, logEntry{idx: r.tl.Applying(), step: ev.Step, conn: ev.Conn, who: ev.Client, dir: ev.Dir, what: ev.What, raw: ev.Raw})
	case engine.TimerFired:
		r.log = append(r.log, logEntry{idx: r.tl.Applying(), step: ev.Step, dir: "timer", what: "timer", raw: ev.What, timer: true})
	case engine.InputApplied:
		if ev.What == engine.OpDismiss {
			r.dismiss(ev.SessionID)
		}
	}
}

func (r *recorder) session(ev engine.Event) {
	if ev.Session != nil {
		r.inv.Update(ev.Session)
	}
	if ev.Snapshot == nil {
		return
	}
	s := *ev.Snapshot
	old, seen := r.sessions[s.ID]
	if !seen {
		r.order = append(r.order, s.ID)
	}
	r.live += alive(s) - alive(old)
	r.sessions[s.ID] = s
	if len(ev.Changes) > 0 {
		m := r.changed[s.ID]
		if m == nil {
			m = make(map[string]session.Change)
			r.changed[s.ID] = m
		}
		for _, c := range ev.Changes {
			m[c.Field] = c
		}
	}
	if old := r.state[s.ID]; old != s.State {
		r.trans[s.ID] = transition(old, s)
		r.state[s.ID] = s.State
		r.seen.state++
		r.seen.what = s.ID + " is now " + s.State
		if s.State == session.StateDestroyed {
			r.seen.end++
		}
	}
}

// pauseMark returns the first entry of log[from:] that "pause on" what
// stops at ("stanza": data reached a client; "error": an error stanza or a
// stream error did), and whether there is one.
func pauseMark(log []logEntry, from int, what string) (logEntry, bool) {
	for _, e := range log[min(from, len(log)):] {
		if e.dir == engine.Out && e.what == "data" && (what == "stanza" || isError(e.raw)) {
			return e, true
		}
	}
	return logEntry{}, false
}

// isError reports whether data sent to a client holds a stream error or
// an error stanza (an iq, message or presence of type error), reading its
// tags with the log's own lexer, so that text which merely says so is not
// taken for one.
func isError(raw string) bool {
	for _, t := range lexXML(raw) {
		if t.kind != '<' && t.kind != 'e' {
			continue
		}
		switch n := local(t.name); {
		case n == "error" && strings.HasPrefix(t.name, "stream:"):
			return true
		case (n == "iq" || n == "message" || n == "presence") && t.attr("type") == "error":
			return true
		}
	}
	return false
}

// alive is 1 for a session that is not destroyed, 0 for one that is or
// for none.
func alive(s session.Snapshot) int {
	if s.ID == "" || s.State == session.StateDestroyed {
		return 0
	}
	return 1
}

func (r *recorder) dismiss(id string) {
	r.inv.Forget(id)
	s, ok := r.sessions[id]
	if !ok {
		return
	}
	r.live -= alive(s)
	delete(r.sessions, id)
	for i, o := range r.order {
		if o == id {
			r.order = append(r.order[:i:i], r.order[i+1:]...)
			break
		}
	}
}

// cardWant is what the card scroller asks the worker to publish: the
// sessions at indices lo..hi-1 of the list, and a scrollToSession call.
// app.mu guards it.
type cardWant struct {
	lo, hi int
	queued bool // a publish for a new window is queued
	scroll *scrollReq
}

// scrollReq is a scrollToSession call: the render scrolls to the card,
// then settles the Promise.
type scrollReq struct {
	id              string
	resolve, reject js.Value
}

const (
	// cardBatch is the number of sessions published around the shown
	// ones, and at first.
	cardBatch = 48
	// maxPublished bounds the sessions of one view.
	maxPublished = 512
)

// publish copies the run's state into the view and asks for a frame.
func (a *app) publish() {
	e := a.tl.Engine()
	a.eng = e
	r := &a.rec
	step, total := a.tl.Position()
	a.mu.Lock()
	want, filter := a.want, a.clientFilter
	a.mu.Unlock()
	cs := e.Clients()
	v := view{
		published: true, gen: r.gen, host: e.Config().Server.Hosts[0], now: "T+" + e.Now().Sub(clock.Epoch).String(),
		step: step, total: total, engineStep: e.StepCount(), pending: e.Pending(),
		config: a.tl.Config().Server, configurable: total == 0, inputs: total,
		clients: clientViews(cs, filter), clientCount: len(cs), accounts: a.accountViews(), log: r.log, queue: flightsOf(e, cs),
		changed: make(map[string]map[string]session.Change), trans: make(map[string]string),
		all: len(r.order), live: r.live, narration: a.narration(step), scroll: want.scroll,
	}
	if len(a.forkIn) > 0 {
		v.fork = describeInput(a.forkIn[len(a.forkIn)-1])
	}
	v.invariants = r.inv.Results()
	a.fillWindow(&v, want)
	a.mu.Lock()
	a.view = v
	a.mu.Unlock()
	a.requestFrame()
	a.persistLater()
}

// fillWindow puts the sessions the card scroller wants into v, with what
// the last step changed in them and the transitions that brought them
// there. It costs the window, never the whole list.
func (a *app) fillWindow(v *view, w cardWant) {
	r := &a.rec
	n := min(max(w.hi-w.lo, cardBatch), maxPublished)
	v.first = max(0, min(w.lo, len(r.order)-n))
	hi := min(len(r.order), v.first+n)
	v.sessions = make([]session.Snapshot, 0, hi-v.first)
	for _, id := range r.order[v.first:hi] {
		v.sessions = append(v.sessions, r.sessions[id])
		v.trans[id] = r.trans[id]
		if m := r.changed[id]; m != nil {
			c := make(map[string]session.Change, len(m))
			for k, ch := range m {
				c[k] = ch
			}
			v.changed[id] = c
		}
	}
}

// maxClients bounds the rows of the clients panel; the filter finds the
// others.
const maxClients = 30

func clientViews(cs []*client.Client, filter string) []clientView {
	var out []clientView
	for _, c := range cs {
		if filter != "" && !strings.Contains(c.Name, filter) {
			continue
		}
		out = append(out, clientView{name: c.Name, user: c.User, state: string(c.State()), next: c.Next(), jid: c.JID(), lastErr: c.LastError()})
		if len(out) == maxClients {
			break
		}
	}
	return out
}

// accountViews reads the accounts again when an input other than a step
// was applied, the run was rebuilt, or there are few of them (their
// stored rosters change on steps); else it keeps the last reading, so
// that a step with thousands of accounts does not list them all.
func (a *app) accountViews() []accountView {
	step, _ := a.tl.Position()
	last := engine.OpStep
	if step > 0 {
		last = a.tl.InputAt(step - 1).Op
	}
	if len(a.accCache) > 50 && last == engine.OpStep && a.accKeyGen == a.rec.gen {
		return a.accCache
	}
	a.accCache, a.accKeyGen = accountViews(a.tl.Engine()), a.rec.gen
	return a.accCache
}

// accountViews lists the first host's accounts, with a line for each
// other document stored under the account's name (its roster, its offline
// queue, when the server stores them).
func accountViews(e *engine.Engine) []accountView {
	host := e.Config().Server.Hosts[0]
	st := e.Server().Store()
	names, _ := st.Accounts(host)
	if len(names) > 200 {
		names = names[:200]
	}
	var dirs []string
	if entries, err := hackpadfs.ReadDir(st.FS(), host); err == nil {
		for _, d := range entries {
			if d.IsDir() && d.Name() != "accounts" {
				dirs = append(dirs, d.Name())
			}
		}
	}
	out := make([]accountView, 0, len(names))
	for _, n := range names {
		av := accountView{name: n}
		if acct, ok, err := st.Account(host, n); err == nil && ok {
			av.disabled = acct.Disabled
		}
		for _, d := range dirs {
			av.stored = append(av.stored, storedLines(st.FS(), host+"/"+d+"/"+n+".json", d)...)
		}
		out = append(out, av)
	}
	return out
}

func storedLines(fsys hackpadfs.FS, name, dir string) []string {
	b, err := hackpadfs.ReadFile(fsys, name)
	if err != nil {
		return nil
	}
	var doc any
	if json.Unmarshal(b, &doc) != nil {
		return []string{dir + ": (unreadable)"}
	}
	switch d := doc.(type) {
	case []any:
		return []string{dir + ": " + strconv.Itoa(len(d)) + " item(s) " + oneLine(string(b), 200)}
	case map[string]any:
		return []string{dir + ": " + strconv.Itoa(len(d)) + " entr(ies) " + oneLine(string(b), 200)}
	}
	return []string{dir + ": " + oneLine(string(b), 200)}
}

// flights lists the first 50 deliveries in flight.
func flights(a *app) []flight {
	e := a.tl.Engine()
	return flightsOf(e, e.Clients())
}

// flightsOf lists the first 50 deliveries in flight, naming the clients of
// their connections; it looks at no client when nothing is in flight.
func flightsOf(e *engine.Engine, cs []*client.Client) []flight {
	q := e.Network().Queue()
	q = q[:min(len(q), 50)]
	names := make(map[string]string, len(q))
	for _, d := range q {
		names[d.Conn.ID] = ""
	}
	for _, c := range cs {
		if len(q) == 0 {
			break
		}
		if conn := c.Conn(); conn != nil {
			if _, ok := names[conn.ID]; ok {
				names[conn.ID] = c.Name
			}
		}
	}
	out := make([]flight, 0, len(q))
	for _, d := range q {
		dir := engine.Out
		if d.ToServer {
			dir = engine.In
		}
		out = append(out, flight{seq: d.Seq, conn: d.Conn.ID, client: names[d.Conn.ID], dir: dir, kind: d.Kind.String(), raw: string(d.Data)})
	}
	return out
}

// snapshot returns the view for rendering and clears the frame request.
func (a *app) snapshot() view {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending = false
	return a.view
}

// describeInput names an input for the fork confirmation and the API.
func describeInput(in engine.Input) string {
	switch in.Op {
	case engine.OpAct:
		return in.Name + " " + in.Action
	case engine.OpSend:
		return in.Name + " sends raw XML"
	case engine.OpClient:
		if in.Client != nil {
			return "add client " + in.Client.User
		}
	case engine.OpAccount:
		return "add account " + in.User
	case engine.OpAdvance:
		return "advance the clock " + in.Duration.String()
	case engine.OpDrop, engine.OpDelay:
		return in.Op + " delivery " + in.ID
	case engine.OpDismiss:
		return "dismiss " + in.ID
	}
	return in.Op
}

// scrollTo runs on the worker for scrollToSession: it publishes the
// sessions around id's card and leaves the scrolling, and the Promise,
// to the render.
func (a *app) scrollTo(id string, resolve, reject js.Value) error {
	i := slices.Index(a.rec.order, id)
	if i < 0 {
		return errors.New("no session " + strconv.Quote(id) + " is listed")
	}
	a.mu.Lock()
	a.want.lo, a.want.hi = max(0, i-cardBatch), i+cardBatch
	a.want.scroll = &scrollReq{id: id, resolve: resolve, reject: reject}
	a.mu.Unlock()
	return nil
}
