package view

import (
	"strconv"
	"strings"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/session"
)

// View is a plain-value picture of the run for one frame: everything each
// panel of the page shows.
type View struct {
	Gen          int    // changes when the run is rebuilt from its seed
	Host, Now    string // the first host; virtual time as "T+1m0s"
	Step, Total  int    // the timeline's position and length
	EngineStep   int    // deliveries and timers so far
	Pending      int    // deliveries and due timers waiting
	Config       server.Config
	Configurable bool // the configuration can still change (no input yet)
	Accounts     []Account
	Clients      []Client // the first clients matching the filter
	ClientCount  int      // every client
	Sessions     []Session
	First        int // the index in the list of sessions of Sessions[0]
	Live, All    int // live sessions, and sessions listed until dismissed
	Log          []Entry
	Flights      []Flight
	Invariants   []invariant.Result
}

// Session is one session as its card shows it.
type Session struct {
	session.Snapshot
	Client     string            // the client the session belongs to, if known
	Transition string            // the lifecycle transition that brought it to its state
	Changed    map[string]Change // the fields the last step changed
	Why        string            // why it ended, or the error it met
}

// Change is a field changed by the last step, with the rule that changed
// it.
type Change struct {
	Old, New session.Value
	Rule     string
}

// Title names a session after its client: "alice — session c2s1".
func (s Session) Title() string {
	if s.Client == "" {
		return "session " + s.ID
	}
	return s.Client + " — session " + s.ID
}

// CardField is one field of a session as its card shows it.
type CardField struct {
	Name    string
	Value   string // "—" when unset
	Unset   bool
	Changed bool   // the last step changed it
	Was     string // when changed, the old value
	Rule    string // when changed, the rule that changed it ("" when the session's end wiped it: Why says so once)
}

// Card returns the session's fields as its card shows them, in
// session.Fields order, and why it ended or the error it met.
func (s Session) Card() (why string, fields []CardField) {
	why = s.Why
	if s.State == session.StateDestroyed && len(s.Changed) > 0 {
		why += "; sessionmanager's retire_session wiped every field but the id"
	}
	for _, name := range session.Fields {
		v := s.Field(name)
		f := CardField{Name: name, Value: display(v), Unset: !v.Set}
		if ch, ok := s.Changed[name]; ok {
			f.Changed, f.Was, f.Rule = true, display(ch.Old), ch.Rule
		}
		if f.Rule == Wiped {
			f.Rule = ""
		}
		fields = append(fields, f)
	}
	return why, fields
}

func display(v session.Value) string {
	if !v.Set {
		return "—"
	}
	return v.Text
}

// Client is one simulated client as the clients panel shows it; its JSON
// is what the console's clients() lists.
type Client struct {
	Name    string `json:"name"`
	User    string `json:"-"`
	State   string `json:"state"`
	Next    string `json:"next"` // the next lifecycle action, "" while waiting
	JID     string `json:"jid"`
	LastErr string `json:"-"`
}

// Flight is one delivery waiting on the network; its JSON is what the
// console's inFlight() lists, with the sequence number as the id.
type Flight struct {
	Seq    uint64 `json:"-"`
	ID     string `json:"id"` // Seq in decimal
	Conn   string `json:"conn"`
	Client string `json:"client"` // the connection's client, if known
	Dir    string `json:"dir"`    // DirIn or DirOut
	Kind   string `json:"kind"`   // open, data or close
	Raw    string `json:"data"`
}

// Summary is a flight's chip text: "[open]", or the data's element and
// summary with credentials masked.
func (f Flight) Summary() string {
	if f.Kind != "data" {
		return "[" + f.Kind + "]"
	}
	el, _, sum := Describe(f.Raw, false)
	return el + ": " + sum
}

// Window is what a frame asks Build for beyond the fixed panels.
type Window struct {
	Lo, Hi       int    // the sessions wanted, by index in the list
	ClientFilter string // show clients whose name contains this
}

const (
	// SessionBatch is the least number of sessions published around the
	// ones wanted.
	SessionBatch = 48
	// maxSessions bounds the sessions of one view.
	maxSessions = 512
	// maxClients bounds the clients of one view; the filter finds the
	// others.
	maxClients = 30
	// maxFlights bounds the deliveries of one view.
	maxFlights = 50
)

// Build reads a View of the timeline's run: the model's sessions in the
// window and its log, and from the engine the clients, the deliveries in
// flight and the accounts. It costs the window, never the whole list of
// sessions.
func (m *Model) Build(tl *engine.Timeline, w Window) View {
	e := tl.Engine()
	step, total := tl.Position()
	cs := e.Clients()
	v := View{
		Gen: m.gen, Host: e.Config().Server.Hosts[0], Now: "T+" + e.Now().Sub(e.Start()).String(),
		Step: step, Total: total, EngineStep: e.StepCount(), Pending: e.Pending(),
		Config: tl.Config().Server, Configurable: total == 0,
		Clients: Clients(cs, w.ClientFilter, maxClients), ClientCount: len(cs), Accounts: m.accounts(tl),
		Log: m.log, Flights: Flights(e), All: len(m.order), Live: m.live,
		Invariants: m.inv.Results(),
	}
	m.fill(&v, w)
	return v
}

// fill puts the sessions of the window into v.
func (m *Model) fill(v *View, w Window) {
	n := min(max(w.Hi-w.Lo, SessionBatch), maxSessions)
	v.First = max(0, min(w.Lo, len(m.order)-n))
	hi := min(len(m.order), v.First+n)
	v.Sessions = make([]Session, 0, hi-v.First)
	for _, id := range m.order[v.First:hi] {
		s, _ := m.Session(id)
		v.Sessions = append(v.Sessions, s)
	}
}

// Clients lists the first clients whose name contains filter, at most
// limit of them (0: all).
func Clients(cs []*client.Client, filter string, limit int) []Client {
	out := []Client{}
	for _, c := range cs {
		if filter != "" && !strings.Contains(c.Name, filter) {
			continue
		}
		out = append(out, Client{Name: c.Name, User: c.User, State: string(c.State()), Next: c.Next(), JID: c.JID(), LastErr: c.LastError()})
		if len(out) == limit {
			break
		}
	}
	return out
}

// Flights lists the first deliveries in flight, next first, naming the
// clients of their connections.
func Flights(e *engine.Engine) []Flight {
	q := e.Network().Queue()
	q = q[:min(len(q), maxFlights)]
	if len(q) == 0 {
		return []Flight{}
	}
	out := make([]Flight, 0, len(q))
	for _, d := range q {
		dir := DirOut
		if d.ToServer {
			dir = DirIn
		}
		out = append(out, Flight{Seq: d.Seq, ID: strconv.FormatUint(d.Seq, 10), Conn: d.Conn.ID, Client: e.NameOf(d.Conn), Dir: dir, Kind: d.Kind.String(), Raw: string(d.Data)})
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
