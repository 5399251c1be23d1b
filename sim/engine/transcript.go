package engine

import (
	"fmt"
	"strings"
)

// Transcript is an Observer that writes events as readable lines: the
// bytes on the wire with their direction, timers, inputs and every session
// field that changed. Two runs are the same exactly when their transcripts
// are.
type Transcript struct {
	b strings.Builder
}

// Observe records one event; pass t.Observe to Subscribe.
func (t *Transcript) Observe(ev Event) {
	switch ev.Kind {
	case StepBegin:
		fmt.Fprintf(&t.b, "step %d\n", ev.Step)
	case Wire:
		arrow := "C->S"
		if ev.Dir == Out {
			arrow = "S->C"
		}
		switch ev.What {
		case "data":
			fmt.Fprintf(&t.b, "  %s %s %s %s\n", ev.Conn, ev.Client, arrow, ev.Raw)
		default:
			fmt.Fprintf(&t.b, "  %s %s %s [%s]\n", ev.Conn, ev.Client, arrow, ev.What)
		}
	case TimerFired:
		fmt.Fprintf(&t.b, "  timer %s\n", ev.What)
	case InputApplied:
		fmt.Fprintf(&t.b, "input %s %s\n", ev.Client, ev.What)
	case SessionCreated, SessionChanged:
		for _, c := range ev.Changes {
			fmt.Fprintf(&t.b, "  %s %s: %s -> %s\n", ev.SessionID, c.Field, show(c.Old.Set, c.Old.Text), show(c.New.Set, c.New.Text))
		}
	case SessionDestroyed:
		fmt.Fprintf(&t.b, "  %s destroyed (%s)\n", ev.SessionID, ev.Snapshot.Error)
	}
}

func show(set bool, text string) string {
	if !set {
		return "nil"
	}
	return text
}

// String returns the transcript so far.
func (t *Transcript) String() string { return t.b.String() }
