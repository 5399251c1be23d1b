package view

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// Directions of a log entry: the engine's In and Out, and the model's
// timer.
const (
	DirIn    = engine.In  // client to server
	DirOut   = engine.Out // server to client
	DirTimer = "timer"    // a virtual timer fired
)

// Entry is one thing that crossed the wire or happened on the server: a
// delivery's bytes, a connection opening or closing, or a timer firing.
type Entry struct {
	Input  int    `json:"input"`  // the index of the timeline input that produced it
	Step   int    `json:"step"`   // the engine step
	Conn   string `json:"conn"`   // the connection
	Client string `json:"client"` // the client of the connection
	Dir    string `json:"dir"`    // DirIn, DirOut or DirTimer
	What   string `json:"what"`   // open, data or close; "timer" for a timer
	Raw    string `json:"raw"`    // the bytes; a timer's name
}

// Row is a log entry as a table row shows it.
type Row struct {
	Dir     string // C→S, S→C or timer
	Element string // the first element's local name, "[open]", "timer", …
	Kind    string // stream, sasl, iq, message, presence, connection or other
	Summary string // one line, SASL credentials masked unless revealed
	Error   bool   // a stream error or an error stanza
}

// Arrows are the direction labels of a row.
var Arrows = map[string]string{DirIn: "C→S", DirOut: "S→C", DirTimer: "timer"}

// Row describes the entry for a table row; reveal shows SASL credentials.
func (e Entry) Row(reveal bool) Row {
	r := Row{Dir: Arrows[e.Dir]}
	switch {
	case e.Dir == DirTimer:
		r.Element, r.Kind, r.Summary = "timer", "other", e.Raw
	case e.What == "tls":
		r.Element, r.Kind, r.Summary = "[tls]", "connection", "TLS handshake done (outside the engine, recorded by the listener)"
	case e.What != "data":
		r.Element, r.Kind, r.Summary = "["+e.What+"]", "connection", "TCP "+e.What
	default:
		r.Element, r.Kind, r.Summary = Describe(e.Raw, reveal)
		r.Error = IsError(e.Raw)
	}
	return r
}

// Kind is the kind Row gives, found cheaply: it reads no further than the
// first element's tag, so that filtering a long log stays quick.
func (e Entry) Kind() string {
	switch {
	case e.Dir == DirTimer:
		return "other"
	case e.What != "data":
		return "connection"
	}
	raw := e.Raw
	for {
		i := strings.IndexByte(raw, '<')
		if i < 0 {
			return "other"
		}
		raw = raw[i:]
		end := tagEnd(raw)
		if end < 0 {
			return "other"
		}
		if t := lexTag(raw[:end+1]); t.kind != '?' {
			return kindOf(t)
		}
		raw = raw[end+1:]
	}
}

// Filter selects log entries; empty fields select everything.
type Filter struct {
	Client, Dir, Kind string
}

// Filters reports whether the filter leaves any entry out.
func (f Filter) Filters() bool { return f != Filter{} }

// Keep reports whether the filter selects e.
func (f Filter) Keep(e Entry) bool {
	if f.Client != "" && e.Client != f.Client {
		return false
	}
	if f.Dir != "" && e.Dir != f.Dir {
		return false
	}
	return f.Kind == "" || e.Kind() == f.Kind
}

// PauseMark returns the first entry of log[from:] that a playback pausing
// on what stops at ("stanza": data reached a client; "error": an error
// stanza or a stream error did), and whether there is one.
func PauseMark(log []Entry, from int, what string) (Entry, bool) {
	for _, e := range log[min(max(from, 0), len(log)):] {
		if e.Dir == DirOut && e.What == "data" && (what == "stanza" || IsError(e.Raw)) {
			return e, true
		}
	}
	return Entry{}, false
}

// Detail is the heading of an entry's detail pane.
func (e Entry) Detail() string {
	return "step " + itoa(e.Input+1) + " · " + e.Conn + " " + e.Client + " · " + e.Dir
}
