package view

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/invariant"
)

// The texts the page shows, written here so that the golden scripts check
// them as the page shows them.

// PositionText is the timeline's position: "step 3 / 10".
func (v View) PositionText() string { return PositionText(v.Step, v.Total) }

// PositionText writes a position in a run of total inputs.
func PositionText(step, total int) string { return "step " + itoa(step) + " / " + itoa(total) }

// ForkText says what acting at this position does to the run, for the
// input described by what.
func (v View) ForkText(what string) string {
	return "You are at step " + itoa(v.Step) + " of " + itoa(v.Total) + ". Doing “" + what +
		"” here forks the run and drops the " + itoa(v.Total-v.Step) + " later step(s)."
}

// SessionCount heads the sessions panel: "2 live, 3 shown until dismissed".
func (v View) SessionCount() string {
	return itoa(v.Live) + " live, " + itoa(v.All) + " shown until dismissed"
}

// FlightCount heads the network panel: "(4 pending)".
func (v View) FlightCount() string { return "(" + itoa(v.Pending) + " pending)" }

// ClientsShown says how many clients the filter shows, "" when all.
func (v View) ClientsShown() string {
	if v.ClientCount <= len(v.Clients) {
		return ""
	}
	return itoa(len(v.Clients)) + " of " + itoa(v.ClientCount) + " shown"
}

// Status is a client's state, with its JID and last error when it has
// them: "bound as alice@localhost/laptop".
func (c Client) Status() string {
	text := c.State
	if c.JID != "" {
		text += " as " + c.JID
	}
	if c.LastErr != "" {
		text += " (" + c.LastErr + ")"
	}
	return text
}

// NextLabel labels a client's next lifecycle action, "waiting…" while it
// has none.
func (c Client) NextLabel() string {
	if c.Next == "" {
		return "waiting…"
	}
	return c.Next
}

// Who names a flight's end: its client, or its connection.
func (f Flight) Who() string {
	if f.Client == "" {
		return f.Conn
	}
	return f.Client
}

// Badge is an invariant's verdict: "✓ name", or "✗ name: broken by ids".
func Badge(r invariant.Result) string {
	if r.Holds {
		return "✓ " + r.Name
	}
	return "✗ " + r.Name + ": broken by " + strings.Join(r.Broken, ", ")
}

// ConnText names an entry's connection and its client: "conn1 alice".
func (e Entry) ConnText() string {
	if e.Client == "" {
		return e.Conn
	}
	return e.Conn + " " + e.Client
}

// AccountNames lists the accounts for the server's facts, "—" for none.
func (v View) AccountNames() string {
	names := make([]string, 0, len(v.Accounts))
	for _, a := range v.Accounts {
		names = append(names, a.Name)
	}
	if len(names) == 0 {
		return "—"
	}
	return strings.Join(names, ", ")
}

// ConfigNote says whether the configuration may still change.
func (v View) ConfigNote() string {
	if v.Configurable {
		return "(editable until the first input)"
	}
	return "(fixed for this run)"
}

// WorkingText is the status line while long work (a replay, a crowd)
// runs: the input it has reached.
func WorkingText(step, total int) string {
	return "Working: input " + itoa(step) + " of " + itoa(total) + "…"
}
