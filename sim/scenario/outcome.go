package scenario

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Outcome is what one action did.
type Outcome struct {
	// Index is the action's position in the script, from 0.
	Index int
	// Action is the action performed.
	Action scansion.Action
	// Narration is the "#" comments written before the action.
	Narration []string
	// Sent holds the stanzas a sends wrote, after variable expansion.
	Sent []*etree.Element
	// Expected holds the stanzas a receives expected, after expansion.
	Expected []*etree.Element
	// Received holds the stanzas a receives read, in order.
	Received []*etree.Element
	// Discarded holds the stanzas delivered but never read that this
	// action made the runner give up on.
	Discarded []Discard
	// Note is a short remark, such as the JID a connects bound.
	Note string
	// Pass is true when the action did what the script expects.
	Pass bool
	// Failure explains a failed action; nil when Pass.
	Failure *Failure
	// Sessions are the server's sessions after the action.
	Sessions []session.Snapshot
}

// Why a stanza was discarded (Discard.Why).
const (
	// SameRead: it came in the same read as a matched stanza, and the next
	// waiting action was not a receives by the same client (the delivery
	// rule of the package documentation).
	SameRead = "delivered in the same read, never matched"
	// NeverRead: it was still waiting when its client disconnected or the
	// script ended, which is not an error.
	NeverRead = "never read"
)

// Discard is a stanza that reached a client but that no receives read.
type Discard struct {
	// Client is the name of the client it was delivered to.
	Client string
	// Stanza is the stanza.
	Stanza *etree.Element
	// Why says how it came to be discarded.
	Why string
}

// Failure is a failed script's report: where it stopped and why.
type Failure struct {
	// Script is the name the script was loaded under.
	Script string `json:"script"`
	// Line is the line of the failed action.
	Line int `json:"line"`
	// Step is the action's position in the script, from 1.
	Step int `json:"step"`
	// Action is the action line, such as "Romeo receives:".
	Action string `json:"action"`
	// Comments are the "#" lines just before the action.
	Comments []string `json:"comments,omitempty"`
	// Reason says what went wrong.
	Reason string `json:"reason"`
	// Path locates the first difference of a mismatch, such as
	// "/iq/query@ver"; empty for other failures.
	Path string `json:"path,omitempty"`
	// Expected is the expected stanza, pretty-printed, if any.
	Expected string `json:"expected,omitempty"`
	// Got is the stanza that arrived instead, pretty-printed, if any.
	Got string `json:"got,omitempty"`
	// Discarded lists the stanzas the script discarded so far, as
	// "client: xml" lines.
	Discarded []string `json:"discarded,omitempty"`
}

// Error returns the report as readable text; it satisfies error.
func (f *Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: step %d, %s\n", f.Script, f.Line, f.Step, f.Action)
	for _, c := range f.Comments {
		fmt.Fprintf(&b, "  # %s\n", c)
	}
	reason := f.Reason
	if f.Path != "" {
		reason = f.Path + ": " + reason
	}
	fmt.Fprintf(&b, "  %s\n", reason)
	writeBlock(&b, "expected", f.Expected)
	writeBlock(&b, "received instead", f.Got)
	if len(f.Discarded) > 0 {
		b.WriteString("  discarded earlier (delivered, never read):\n")
		for _, d := range f.Discarded {
			fmt.Fprintf(&b, "    %s\n", d)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func writeBlock(b *strings.Builder, title, xml string) {
	if xml == "" {
		return
	}
	fmt.Fprintf(b, "  %s:\n", title)
	for _, l := range strings.Split(xml, "\n") {
		fmt.Fprintf(b, "    %s\n", l)
	}
}

// ActionLine returns an action as written in a script: "Romeo sends:",
// "Romeo receives: nothing", "Romeo connects".
func ActionLine(a scansion.Action) string {
	s := a.Client + " " + a.Kind.String()
	if a.Kind.HasPayload() {
		s += ":"
	}
	return s
}

// fail records the failure that ends the script.
func (p *Player) fail(i int, a scansion.Action, r *reason, out *Outcome) *Failure {
	p.dropRead(out)
	f := &Failure{
		Script: p.name, Line: a.Line, Step: i + 1, Action: ActionLine(a),
		Comments: a.Comments, Reason: r.msg, Path: r.path,
		Expected: Pretty(r.expected), Got: Pretty(r.got),
	}
	for _, d := range append(p.discarded, out.Discarded...) {
		f.Discarded = append(f.Discarded, d.Client+": "+Wire(d.Stanza))
	}
	p.failure = f
	return f
}

// Wire returns a stanza on one line as it travels on the stream, without
// the jabber:client declaration that the stream header already makes.
func Wire(e *etree.Element) string {
	return stanza.String(unqualified(e))
}

// Pretty returns a stanza indented for reading, without the jabber:client
// declaration that the stream header already makes.
func Pretty(e *etree.Element) string {
	if e == nil {
		return ""
	}
	return scansion.Pretty(unqualified(e))
}

// unqualified returns a copy of e without a jabber:client declaration on
// its root.
func unqualified(e *etree.Element) *etree.Element {
	c := e.Copy()
	if a := c.SelectAttr("xmlns"); a != nil && a.Space == "" && a.Value == scansion.NSClient {
		c.RemoveAttr("xmlns")
	}
	return c
}
