package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/session"
)

const runUsage = `usage:
  sessionscope run [-fields] [-json] [-fifo] [-seed N] FILE.scs...
  sessionscope run [flags] -lesson NAME
  sessionscope run [flags] -lessons
flags:
`

// runOpts are the flags of the run command.
type runOpts struct {
	fields, json, fifo, all bool
	lesson                  string
	seed                    uint64
}

// script is one script to run: its name and source.
type script struct {
	name string
	src  []byte
}

// runCmd plays scansion scripts headless and prints a transcript of each;
// it returns 1 if any script failed, 2 for bad usage.
func runCmd(args []string, stdout, stderr io.Writer) int {
	var o runOpts
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage); fs.PrintDefaults() }
	fs.BoolVar(&o.fields, "fields", false, "print every session's fields after each step")
	fs.BoolVar(&o.json, "json", false, "print the transcript as JSON lines")
	fs.BoolVar(&o.fifo, "fifo", false, "strict FIFO: keep stanzas left over from a read (diagnostic)")
	fs.BoolVar(&o.all, "lessons", false, "run every built-in lesson")
	fs.StringVar(&o.lesson, "lesson", "", "run the built-in lesson `NAME`")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the simulated server's identifiers")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	scripts, err := collect(o, fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope run: %v\n", err)
		return 2
	}
	failed := 0
	for _, s := range scripts {
		if !playScript(s, o, stdout) {
			failed++
		}
	}
	if !o.json {
		fmt.Fprintf(stdout, "%d passed, %d failed\n", len(scripts)-failed, failed)
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// collect gathers the scripts named by the flags and arguments.
func collect(o runOpts, files []string) ([]script, error) {
	var out []script
	for _, l := range scenario.Lessons() {
		if o.all || l.Name == o.lesson || (o.lesson != "" && l.File == o.lesson) {
			out = append(out, script{name: l.File, src: l.Source})
		}
	}
	if o.lesson != "" && len(out) == 0 {
		return nil, fmt.Errorf("no lesson named %q (try -lessons)", o.lesson)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, script{name: f, src: src})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no script given: name .scs files, -lesson NAME or -lessons")
	}
	return out, nil
}

// playScript runs one script, printing its transcript; it reports whether
// the script passed.
func playScript(s script, o runOpts, w io.Writer) bool {
	p, err := scenario.Load(s.name, s.src, scenario.Options{Seed: o.seed, StrictFIFO: o.fifo})
	if err != nil {
		report(w, o, s.name, "", 0, err.Error())
		return false
	}
	if !o.json {
		fmt.Fprintf(w, "=== %s: %s\n", s.name, p.Script().Title)
	}
	steps := 0
	for !p.Done() {
		out := p.Next()
		steps++
		if o.json {
			writeJSON(w, stepLine(s.name, out, o.fields))
		} else {
			writeStep(w, out, o.fields)
		}
	}
	msg := ""
	if f := p.Failure(); f != nil {
		msg = f.Error()
	}
	report(w, o, s.name, p.Script().Title, steps, msg)
	return p.Failure() == nil
}

// report prints a script's verdict: PASS, or FAIL with the failure report.
func report(w io.Writer, o runOpts, name, title string, steps int, failure string) {
	if o.json {
		result := "PASS"
		if failure != "" {
			result = "FAIL"
		}
		writeJSON(w, resultLine{Script: name, Title: title, Result: result, Steps: steps, Failure: failure})
		return
	}
	if failure != "" {
		fmt.Fprintf(w, "FAIL %s\n%s\n\n", name, indent(failure, "  "))
		return
	}
	fmt.Fprintf(w, "PASS %s (%d steps)\n\n", name, steps)
}

// writeStep prints one step of the transcript.
func writeStep(w io.Writer, out *scenario.Outcome, fields bool) {
	a := out.Action
	fmt.Fprintf(w, "step %d (line %d): %s\n", out.Index+1, a.Line, scenario.ActionLine(a))
	for _, c := range out.Narration {
		fmt.Fprintf(w, "  # %s\n", c)
	}
	if out.Note != "" {
		fmt.Fprintf(w, "  %s\n", out.Note)
	}
	for _, e := range out.Sent {
		fmt.Fprintf(w, "  %s sent:\n%s\n", a.Client, indent(scenario.Pretty(e), "    "))
	}
	for _, e := range out.Received {
		fmt.Fprintf(w, "  %s received:\n%s\n", a.Client, indent(scenario.Pretty(e), "    "))
	}
	for _, d := range out.Discarded {
		fmt.Fprintf(w, "  discarded for %s (%s):\n%s\n", d.Client, d.Why, indent(scenario.Pretty(d.Stanza), "    "))
	}
	if out.Pass && (a.Kind == scansion.Receives || a.Kind == scansion.ReceivesNothing) {
		fmt.Fprintln(w, "  ok")
	}
	if fields {
		writeSessions(w, out.Sessions)
	}
}

// writeSessions prints every session's fields, in Prosody's field order.
func writeSessions(w io.Writer, ss []session.Snapshot) {
	for _, s := range ss {
		fmt.Fprintf(w, "  session %s [%s]", s.ID, s.State)
		for _, name := range session.Fields {
			v := s.Field(name)
			text := "nil"
			if v.Set {
				text = v.Text
			}
			fmt.Fprintf(w, " %s=%s", name, text)
		}
		fmt.Fprintln(w)
	}
}

func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// stepJSON is one step as a JSON line.
type stepJSON struct {
	Script    string             `json:"script"`
	Step      int                `json:"step"`
	Line      int                `json:"line"`
	Client    string             `json:"client"`
	Action    string             `json:"action"`
	Narration []string           `json:"narration,omitempty"`
	Note      string             `json:"note,omitempty"`
	Sent      []string           `json:"sent,omitempty"`
	Expected  []string           `json:"expected,omitempty"`
	Received  []string           `json:"received,omitempty"`
	Discarded []discardJSON      `json:"discarded,omitempty"`
	Pass      bool               `json:"pass"`
	Failure   *scenario.Failure  `json:"failure,omitempty"`
	Sessions  []session.Snapshot `json:"sessions,omitempty"`
}

type discardJSON struct {
	Client string `json:"client"`
	Stanza string `json:"stanza"`
	Why    string `json:"why"`
}

// resultLine is a script's verdict as a JSON line.
type resultLine struct {
	Script  string `json:"script"`
	Title   string `json:"title,omitempty"`
	Result  string `json:"result"`
	Steps   int    `json:"steps"`
	Failure string `json:"failure,omitempty"`
}

func stepLine(name string, out *scenario.Outcome, fields bool) stepJSON {
	j := stepJSON{
		Script: name, Step: out.Index + 1, Line: out.Action.Line, Client: out.Action.Client,
		Action: scenario.ActionLine(out.Action), Narration: out.Narration, Note: out.Note,
		Sent: wire(out.Sent), Expected: wire(out.Expected), Received: wire(out.Received),
		Pass: out.Pass, Failure: out.Failure,
	}
	for _, d := range out.Discarded {
		j.Discarded = append(j.Discarded, discardJSON{Client: d.Client, Stanza: scenario.Wire(d.Stanza), Why: d.Why})
	}
	if fields {
		j.Sessions = out.Sessions
	}
	return j
}

func wire(els []*etree.Element) []string {
	var out []string
	for _, e := range els {
		out = append(out, scenario.Wire(e))
	}
	return out
}

// writeJSON writes v as one JSON line, leaving < and > unescaped so the
// stanzas read as XML.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(w, "{\"error\":%q}\n", err.Error())
	}
}
