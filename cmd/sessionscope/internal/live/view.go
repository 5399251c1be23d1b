package live

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// View is the terminal live view: a table with one row per session and
// every seed field, redrawn as events arrive, and with Log the transcript
// of the bytes on the wire. Observe runs on the engine goroutine and never
// blocks; Print writes on its own goroutine, dropping transcript lines
// (and saying how many) when the terminal cannot keep up.
type View struct {
	Log     bool          // print the transcript
	Clear   bool          // clear the screen before each table (a terminal)
	MaxRows int           // the most sessions shown (default 100)
	Every   time.Duration // the least time between tables (default 200 ms)

	rows    map[string]session.Snapshot
	order   []string
	dirty   bool
	last    time.Time
	lines   chan string
	frames  chan string
	dropped atomic.Int64
	tr      engine.Transcript
}

// NewView returns a view.
func NewView(log, clear bool) *View {
	return &View{Log: log, Clear: clear, rows: make(map[string]session.Snapshot),
		lines: make(chan string, 4096), frames: make(chan string, 1)}
}

// Observe takes one engine event; pass it to Runner.Subscribe.
func (v *View) Observe(ev engine.Event) {
	if ev.Snapshot != nil {
		if _, seen := v.rows[ev.SessionID]; !seen {
			v.order = append(v.order, ev.SessionID)
		}
		v.rows[ev.SessionID] = *ev.Snapshot
		v.dirty = true
	}
	if v.Log && (ev.Kind == engine.Wire || ev.Kind == engine.TimerFired) {
		v.tr = engine.Transcript{}
		v.tr.Observe(ev)
		v.line(clean(strings.TrimRight(v.tr.String(), "\n"), -1))
	}
	every := v.Every
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	if v.dirty && time.Since(v.last) >= every {
		v.dirty, v.last = false, time.Now()
		select {
		case <-v.frames: // replace a table not yet printed
		default:
		}
		v.frames <- v.Table()
	}
}

func (v *View) line(s string) {
	select {
	case v.lines <- s:
	default:
		v.dropped.Add(1)
	}
}

// Table renders the sessions, newest last.
func (v *View) Table() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprint(tw, "session\tstate")
	for _, f := range session.Fields {
		fmt.Fprint(tw, "\t"+f)
	}
	fmt.Fprintln(tw)
	max := v.MaxRows
	if max <= 0 {
		max = 100
	}
	ids := v.order
	if len(ids) > max {
		fmt.Fprintf(tw, "(%d older sessions not shown)\n", len(ids)-max)
		ids = ids[len(ids)-max:]
	}
	for _, id := range ids {
		s := v.rows[id]
		fmt.Fprint(tw, clean(s.ID, 20)+"\t"+clean(s.State, 20))
		for _, f := range session.Fields {
			fmt.Fprint(tw, "\t"+cell(s.Fields[f]))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
	return b.String()
}

// cell shows a field as the page does: nil when unset.
func cell(v session.Value) string {
	if !v.Set {
		return "nil"
	}
	return clean(v.Text, 40)
}

// clean makes client-supplied text safe for a terminal: control
// characters (escape sequences included) are shown escaped, and the text
// is cut to max runes (max < 0: no limit).
func clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if max >= 0 && n >= max {
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

// Print writes tables and transcript lines to w until ctx is done.
func (v *View) Print(ctx context.Context, w io.Writer) {
	for {
		select {
		case <-ctx.Done():
			return
		case l := <-v.lines:
			fmt.Fprintln(w, l)
		case t := <-v.frames:
			if v.Clear {
				fmt.Fprint(w, "\x1b[H\x1b[2J")
			}
			fmt.Fprint(w, t)
		}
		if n := v.dropped.Swap(0); n > 0 {
			fmt.Fprintf(w, "(%d transcript lines dropped: the terminal fell behind)\n", n)
		}
	}
}
