package live

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"unicode"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/view"
)

// View is the terminal live view. It keeps the same view.Model as the
// page, and prints what changed: after each step, one line per session
// that changed, with each changed field as old → new, and a session's end
// once. With Log it also prints each
// delivery, one line each, SASL credentials masked as the page masks them.
// Table prints the sessions the model holds: the live ones and the
// MaxRows newest that ended; older ended sessions are forgotten, so that
// the view stays bounded however long it runs. Observe runs on the
// engine goroutine and never blocks; Print writes on its own goroutine,
// dropping lines (and saying how many) when the terminal cannot keep up.
type View struct {
	Log     bool // print the deliveries
	Clear   bool // clear the screen before the first print (a terminal)
	MaxRows int  // the most sessions Table shows (default 100)

	model   *view.Model
	printed map[string]session.Snapshot // each live session as last printed
	changed []string                    // sessions changed since the last print, in order
	ended   []string                    // sessions that ended, oldest first, at most MaxRows
	lines   chan string
	dropped atomic.Int64
}

// logLimit bounds the entries the terminal view's model keeps.
const logLimit = 10000

// NewView returns a view.
func NewView(log, clear bool) *View {
	m := view.New()
	m.SetLogLimit(logLimit)
	return &View{Log: log, Clear: clear, model: m, printed: make(map[string]session.Snapshot), lines: make(chan string, 4096)}
}

// Observe takes one engine event; pass it to Runner.Subscribe.
func (v *View) Observe(ev engine.Event) {
	v.model.Observe(ev)
	if v.Log && (ev.Kind == engine.Wire || ev.Kind == engine.TimerFired) {
		if log := v.model.Log(); len(log) > 0 {
			v.line(logLine(log[len(log)-1]))
		}
	}
	switch {
	case ev.Kind == engine.StepEnd || ev.Kind == engine.InputApplied:
		v.printChanges(ev)
	case ev.Snapshot != nil:
		if len(v.changed) == 0 || v.changed[len(v.changed)-1] != ev.SessionID {
			v.changed = append(v.changed, ev.SessionID)
		}
		if ev.Kind == engine.SessionDestroyed {
			v.printChanges(ev)
			v.end(ev.SessionID)
		}
	}
}

// printChanges prints one line per session changed since the last print.
func (v *View) printChanges(ev engine.Event) {
	seen := make(map[string]bool, len(v.changed))
	for _, id := range v.changed {
		if seen[id] {
			continue
		}
		seen[id] = true
		s, ok := v.model.Session(id)
		if !ok {
			continue
		}
		v.line(changeLine(s, v.printed[id]))
		v.printed[id] = s.Snapshot
		if s.State == session.StateDestroyed {
			delete(v.printed, id)
		}
	}
	v.changed = v.changed[:0]
}

// end notes that a session ended, forgetting the oldest ended one beyond
// MaxRows.
func (v *View) end(id string) {
	v.ended = append(v.ended, id)
	if len(v.ended) > v.maxRows() {
		v.model.Forget(v.ended[0])
		v.ended = v.ended[1:]
	}
}

func (v *View) maxRows() int {
	if v.MaxRows <= 0 {
		return 100
	}
	return v.MaxRows
}

// changeLine says what changed in a session since it was last printed:
// "c2s1 alice bound: resource nil → laptop, full_jid nil → alice@localhost/laptop".
func changeLine(s view.Session, old session.Snapshot) string {
	var parts []string
	for _, c := range session.Diff(old, s.Snapshot) {
		parts = append(parts, c.Field+" "+cell(c.Old, 40)+" → "+cell(c.New, 40))
	}
	head := clean(s.ID, 20) + " " + clean(dash(s.Client), 20) + " " + s.State
	if s.State == session.StateDestroyed {
		return head + ": " + clean(s.Why, 80)
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

// logLine is a delivery as -log prints it, credentials masked.
func logLine(e view.Entry) string {
	r := e.Row(false)
	return "  " + clean(e.Conn, 20) + " " + clean(dash(e.Client), 20) + " " + r.Dir + " " + clean(r.Element, 30) + " " + clean(r.Summary, -1)
}

func (v *View) line(s string) {
	select {
	case v.lines <- s:
	default:
		v.dropped.Add(1)
	}
}

// Table renders the sessions the model holds, newest last, at most
// MaxRows of them.
func (v *View) Table() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprint(tw, "session\tstate")
	for _, f := range session.Fields {
		fmt.Fprint(tw, "\t"+f)
	}
	fmt.Fprintln(tw)
	limit := v.maxRows()
	ids := v.model.Order()
	if len(ids) > limit {
		fmt.Fprintf(tw, "(%d older sessions not shown)\n", len(ids)-limit)
		ids = ids[len(ids)-limit:]
	}
	for _, id := range ids {
		s, _ := v.model.Session(id)
		fmt.Fprint(tw, clean(s.ID, 20)+"\t"+clean(s.State, 20))
		for _, f := range session.Fields {
			fmt.Fprint(tw, "\t"+cell(s.Fields[f], 40))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
	return b.String()
}

// cell shows a field as the page does: nil when unset.
func cell(v session.Value, limit int) string {
	if !v.Set {
		return "nil"
	}
	return clean(v.Text, limit)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clean makes client-supplied text safe for a terminal: control
// characters (escape sequences included) are shown escaped, and the text
// is cut to limit runes (limit < 0: no limit).
func clean(s string, limit int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if limit >= 0 && n >= limit {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// Print writes the lines to w until ctx is done.
func (v *View) Print(ctx context.Context, w io.Writer) {
	if v.Clear {
		fmt.Fprint(w, "\x1b[H\x1b[2J")
	}
	for {
		select {
		case <-ctx.Done():
			return
		case l := <-v.lines:
			fmt.Fprintln(w, l)
		}
		if n := v.dropped.Swap(0); n > 0 {
			fmt.Fprintf(w, "(%d lines dropped: the terminal fell behind)\n", n)
		}
	}
}
