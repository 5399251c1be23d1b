package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

const replayUsage = `usage:
  sessionscope replay [-fields] [-json] [-all] RUN.json
  sessionscope replay [flags] 'http://…/#run=…'
RUN.json is a run as the page saves it or listen -record writes it:
{"config":…,"inputs":[…],"position":N}. A file holding a share link (or
its #run= fragment) is read as the link. The first N inputs are replayed
(the run as it was shown when saved); -all replays every recorded input.
flags:
`

// replayOpts are the flags of the replay command.
type replayOpts struct {
	fields, json, all bool
}

// replayCmd replays a saved or shared run headless and prints its
// transcript; it returns 1 if an input cannot be applied, 2 for bad usage
// or a run that cannot be read.
func replayCmd(args []string, stdout, stderr io.Writer) int {
	var o replayOpts
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, replayUsage); fs.PrintDefaults() }
	fs.BoolVar(&o.fields, "fields", false, "print every session's fields after each step")
	fs.BoolVar(&o.json, "json", false, "print the events as JSON lines")
	fs.BoolVar(&o.all, "all", false, "replay every recorded input, not only up to the saved position")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "sessionscope replay: name one run (a JSON file or a share link)\n")
		fs.Usage()
		return 2
	}
	name := fs.Arg(0)
	s, err := readRun(name)
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope replay: %v\n", err)
		return 2
	}
	inputs, err := toReplay(s, o.all)
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope replay: %s: %v\n", name, err)
		return 2
	}
	return replay(name, s.Config, inputs, o, stdout, stderr, len(s.Inputs))
}

// replay applies inputs on a fresh engine built from cfg, printing the
// transcript as it goes.
func replay(name string, cfg engine.Config, inputs []engine.Input, o replayOpts, stdout, stderr io.Writer, total int) int {
	e, err := engine.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope replay: %s: invalid configuration: %v\n", name, err)
		return 2
	}
	p := &printer{w: stdout, o: o, eng: e}
	e.Subscribe(p.observe)
	err = e.ApplyAll(inputs)
	p.flush()
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope replay: %s: %v\n", name, err)
		return 1
	}
	if len(inputs) < total {
		fmt.Fprintf(stderr, "sessionscope replay: replayed %d of %d recorded inputs, up to the run's position (-all replays every one)\n", len(inputs), total)
	}
	return 0
}

// toReplay returns the inputs to replay: the first Position, or all.
func toReplay(s engine.Scenario, all bool) ([]engine.Input, error) {
	if s.Position < 0 || s.Position > len(s.Inputs) {
		return nil, fmt.Errorf("position %d is outside the run's %d inputs", s.Position, len(s.Inputs))
	}
	if all {
		return s.Inputs, nil
	}
	return s.Inputs[:s.Position], nil
}

// readRun reads a run from a share link given as the argument, or from a
// file holding a link or the run's JSON.
func readRun(arg string) (engine.Scenario, error) {
	if isLink(arg) {
		return decodeLink(arg)
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return engine.Scenario{}, err
	}
	if text := string(bytes.TrimSpace(b)); isLink(text) {
		s, err := decodeLink(text)
		if err != nil {
			return s, fmt.Errorf("%s: %w", arg, err)
		}
		return s, nil
	}
	return parseRun(arg, b)
}

// isLink reports whether text is a share link or its fragment.
func isLink(text string) bool {
	return strings.HasPrefix(text, "#run=") || strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://")
}

// decodeLink decodes the run in a link's #run= fragment.
func decodeLink(text string) (engine.Scenario, error) {
	_, frag, ok := strings.Cut(strings.TrimSpace(text), "#run=")
	if !ok {
		return engine.Scenario{}, errors.New("the link has no #run= fragment")
	}
	return engine.DecodeFragment(deflate.Packer{}, frag)
}

// parseRun reads a run's JSON, saying where it is wrong.
func parseRun(name string, b []byte) (engine.Scenario, error) {
	var s engine.Scenario
	err := json.Unmarshal(b, &s)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := lineCol(b, syntax.Offset)
		return s, fmt.Errorf("%s:%d:%d: invalid JSON at byte %d: %v", name, line, col, syntax.Offset, err)
	case errors.As(err, &typ):
		line, col := lineCol(b, typ.Offset)
		return s, fmt.Errorf("%s:%d:%d: not a run: %v", name, line, col, err)
	case err != nil:
		return s, fmt.Errorf("%s: not a run: %v", name, err)
	}
	return s, nil
}

// lineCol gives the line and column, both from 1, of the last byte the
// JSON decoder read when it stopped after n bytes: where it found fault.
func lineCol(b []byte, n int64) (line, col int) {
	before := b[:min(max(n-1, 0), int64(len(b)))]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// printer writes a replay's events: the engine's transcript (with every
// session's fields after each step for -fields), or JSON lines.
type printer struct {
	w       io.Writer
	o       replayOpts
	eng     *engine.Engine
	tr      engine.Transcript
	written int // bytes of tr already written
}

// eventLine is one event as a JSON line; Sessions are every session after
// a step, for -fields.
type eventLine struct {
	engine.Event
	Sessions []session.Snapshot `json:"sessions,omitempty"`
}

func (p *printer) observe(ev engine.Event) {
	atEnd := ev.Kind == engine.StepEnd && p.o.fields
	if p.o.json {
		line := eventLine{Event: ev}
		if atEnd {
			line.Sessions = p.eng.Sessions()
		}
		writeJSON(p.w, line)
		return
	}
	p.tr.Observe(ev)
	if atEnd {
		p.flush()
		writeSessions(p.w, p.eng.Sessions())
	}
}

// flush writes what the transcript gained since the last flush.
func (p *printer) flush() {
	s := p.tr.String()
	io.WriteString(p.w, s[p.written:])
	p.written = len(s)
}
