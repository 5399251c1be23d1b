package view_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	simtoken "github.com/sessionscope/sessionscope/sim/token"
	"github.com/sessionscope/sessionscope/sim/view"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/*.txt")

// TestScripts plays each script of testdata: blocks of commands, each
// followed by "----", the output the commands print, and "====". Run
// `go test ./sim/view -update` to rewrite the outputs.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) { runScript(t, f) })
	}
}

func runScript(t *testing.T, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	var out strings.Builder
	blocks := strings.Split(string(src), "\n====\n")
	for i, b := range blocks {
		if strings.TrimSpace(b) == "" {
			continue
		}
		cmds, want, ok := strings.Cut(b+"\n", "----\n")
		want = strings.TrimSuffix(want, "\n")
		if !ok {
			t.Fatalf("%s: block %d has no ----", file, i+1)
		}
		got := h.run(cmds)
		if !*update && got != want {
			t.Errorf("%s: block %d:\n%s\ngot:\n%s\nwant:\n%s", file, i+1, cmds, got, want)
		}
		out.WriteString(cmds + "----\n" + got + "\n====\n")
	}
	if *update {
		if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// harness is one run under test: a timeline, the model observing it, and
// what the commands remember.
type harness struct {
	t      *testing.T
	tl     *engine.Timeline
	m      *view.Model
	lesson *view.Lesson
	logged int // log entries already shown
}

func newHarness(t *testing.T) *harness {
	tl, err := engine.NewTimeline(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	m := view.New()
	m.Attach(tl)
	return &harness{t: t, tl: tl, m: m}
}

// run performs the block's commands and returns what they print.
func (h *harness) run(cmds string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(cmds, "\n"), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := h.do(line, &b); err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (h *harness) do(line string, b *strings.Builder) error {
	w := strings.Fields(line)
	arg := func(i int) string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	rest := func(i int) string { return strings.Join(w[min(i, len(w)):], " ") }
	switch w[0] {
	case "configure":
		c := h.tl.Config().Server
		for _, kv := range w[1:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "conflict_resolve":
				c.ConflictResolve = v
			case "authentication":
				c.Authentication = v
			}
		}
		return h.tl.Configure(c)
	case "tokens":
		return h.tl.EnableTokens(simtoken.DefaultConfig())
	case "account":
		return h.apply(engine.Input{Op: engine.OpAccount, User: arg(1), Password: arg(2)})
	case "client":
		return h.apply(engine.Input{Op: engine.OpClient, Client: &client.Spec{Name: arg(1), User: arg(2), Password: arg(3), Resource: arg(4)}})
	case "act":
		in := engine.Input{Op: engine.OpAct, Name: arg(1), Action: arg(2)}
		if len(w) > 3 {
			in.Args = parseArgs(rest(3))
		}
		return h.apply(in)
	case "send":
		return h.apply(engine.Input{Op: engine.OpSend, Name: arg(1), Raw: rest(2)})
	case "step", "idle":
		n := 100000
		if w[0] == "step" {
			n = atoi(arg(1), 1)
		}
		_, err := h.tl.Forward(n)
		return err
	case "advance":
		d, err := time.ParseDuration(arg(1))
		if err != nil {
			return err
		}
		return h.apply(engine.Input{Op: engine.OpAdvance, Duration: d})
	case "drop", "delay":
		op := engine.OpDrop
		if w[0] == "delay" {
			op = engine.OpDelay
		}
		return h.apply(engine.Input{Op: op, ID: arg(1)})
	case "dismiss":
		return h.apply(engine.Input{Op: engine.OpDismiss, ID: arg(1)})
	case "disable", "enable":
		return h.apply(engine.Input{Op: engine.OpDisable, User: arg(1), Disabled: w[0] == "disable"})
	case "delete":
		return h.apply(engine.Input{Op: engine.OpDeleteAccount, User: arg(1)})
	case "remove":
		return h.apply(engine.Input{Op: engine.OpRemoveClient, Name: arg(1)})
	case "back":
		return h.tl.Back(atoi(arg(1), 1))
	case "seek":
		return h.tl.Seek(atoi(arg(1), 0))
	}
	return h.show(w, b)
}

// show runs the commands that print.
func (h *harness) show(w []string, b *strings.Builder) error {
	switch w[0] {
	case "lesson":
		return h.loadLesson(w[1])
	case "jump":
		d := atoi(w[1], 1)
		return h.tl.Seek(h.lesson.Jump(h.pos(), d))
	case "stops":
		for k, st := range h.lesson.Stops {
			_, _, cause := view.Describe(st.Stanza, false)
			fmt.Fprintf(b, "stop %d at %d (from %d, action %d): %s\n  cause: %s\n", k+1, st.Pos, st.From, st.Action+1, st.Caption, cause)
		}
		return nil
	case "stop":
		if err := h.m.ShowStop(h.tl, h.lesson, atoi(w[1], 1)-1); err != nil {
			return err
		}
		where := h.lesson.Where(h.pos())
		fmt.Fprintf(b, "position %d, stop %d of %d: %s\n", h.pos(), where.Stop, where.Stops, where.Caption)
		return nil
	case "narration":
		fmt.Fprintf(b, "position %d: %s\n", h.pos(), h.lesson.Narration(h.pos()))
		return nil
	case "show":
		v := h.m.Build(h.tl, view.Window{Hi: 100})
		panels := w[1:]
		if len(panels) == 0 {
			panels = []string{"server", "clients", "sessions", "flights", "log", "accounts", "invariants"}
		}
		for _, p := range panels {
			h.printPanel(b, p, v)
		}
		return nil
	case "pretty", "reveal":
		b.WriteString(view.PrettyText(strings.Join(w[1:], " "), w[0] == "reveal") + "\n")
		return nil
	case "token":
		h.printToken(b, w[1:])
		return nil
	}
	return fmt.Errorf("unknown command %q", w[0])
}

func (h *harness) pos() int {
	p, _ := h.tl.Position()
	return p
}

func (h *harness) apply(in engine.Input) error { return h.tl.Apply(in) }

func (h *harness) loadLesson(name string) error {
	ls, s, err := view.BuiltIn(name)
	if err != nil {
		return err
	}
	if err := h.tl.Load(s); err != nil {
		return err
	}
	ls.Check(h.tl.Engine())
	if ls.Failure != "" {
		return fmt.Errorf("lesson %s: %s", name, ls.Failure)
	}
	if view.Reattach(h.tl.Scenario()) == nil {
		return fmt.Errorf("lesson %s: its run does not find it again", name)
	}
	h.lesson, h.logged = ls, 0
	return h.tl.Seek(ls.Start())
}

func (h *harness) printPanel(b *strings.Builder, panel string, v view.View) {
	switch panel {
	case "server":
		fmt.Fprintf(b, "server %s %s %s steps %d pending %d configurable %v\n", v.Host, v.Now, v.PositionText(), v.EngineStep, v.Pending, v.Configurable)
		if v.Step < v.Total {
			fmt.Fprintf(b, "fork: %s\n", v.ForkText("alice connect"))
		}
	case "clients":
		for _, c := range v.Clients {
			fmt.Fprintf(b, "client %s user=%s next=%q: %s\n", c.Name, c.User, c.NextLabel(), c.Status())
		}
		if s := v.ClientsShown(); s != "" {
			fmt.Fprintln(b, s)
		}
	case "sessions":
		fmt.Fprintf(b, "sessions: %s\n", v.SessionCount())
		for _, s := range v.Sessions {
			printSession(b, s)
		}
	case "flights":
		fmt.Fprintf(b, "flights: %s\n", v.FlightCount())
		for _, f := range v.Flights {
			fmt.Fprintf(b, "flight #%s %s %s %s\n", f.ID, f.Who(), view.Arrows[f.Dir], f.Summary())
		}
	case "log":
		h.printLog(b, v.Log)
	case "accounts":
		fmt.Fprintf(b, "accounts: %s %s\n", v.AccountNames(), v.ConfigNote())
		for _, a := range v.Accounts {
			fmt.Fprintf(b, "account %s disabled=%v\n", a.Name, a.Disabled)
			for _, l := range a.Lines() {
				fmt.Fprintf(b, "  %s\n", l)
			}
		}
	case "wires":
		wires, more := v.Wires()
		for _, w := range wires {
			var env []string
			for _, e := range w.Envelopes {
				env = append(env, fmt.Sprintf("%s %s @%g%%", view.Arrows[e.Dir], e.Label, e.At))
			}
			fmt.Fprintf(b, "wire %s %s → %q down=%v %q\n", w.Conn, w.Client, w.ServerEnd(), w.Down, env)
		}
		if more > 0 {
			fmt.Fprintf(b, "+%d more\n", more)
		}
	case "inputs":
		for i, in := range h.tl.Inputs() {
			fmt.Fprintf(b, "input %d: %s\n", i+1, in)
		}
	case "invariants":
		for _, r := range v.Invariants {
			fmt.Fprintf(b, "invariant %s\n", view.Badge(r))
		}
	default:
		fmt.Fprintf(b, "unknown panel %q\n", panel)
	}
}

// printLog prints the entries logged since the last time, with masked
// summaries.
func (h *harness) printLog(b *strings.Builder, log []view.Entry) {
	if h.logged > len(log) {
		h.logged = 0 // the run was rebuilt
	}
	for i, e := range log[h.logged:] {
		r := e.Row(false)
		errMark := ""
		if r.Error {
			errMark = " ERROR"
		}
		fmt.Fprintf(b, "log %d input %d step %d %s %s [%s] %s | %s%s\n", h.logged+i, e.Input+1, e.Step, e.ConnText(), r.Dir, r.Kind, r.Element, r.Summary, errMark)
	}
	h.logged = len(log)
}

func printSession(b *strings.Builder, s view.Session) {
	fmt.Fprintf(b, "%s: %s; %s; connected=%v available=%v interested=%v\n", s.Title(), s.State, s.Transition, s.Connected, s.Available, s.Interested)
	why, fields := s.Card() // as the card shows them
	if why != "" {
		fmt.Fprintf(b, "  %s\n", why)
	}
	for _, f := range fields {
		switch {
		case f.Changed && f.Rule == "":
			fmt.Fprintf(b, "  %s = %s (was %s)\n", f.Name, f.Value, f.Was)
		case f.Changed:
			fmt.Fprintf(b, "  %s = %s (was %s: %s)\n", f.Name, f.Value, f.Was, f.Rule)
		default:
			fmt.Fprintf(b, "  %s = %s\n", f.Name, f.Value)
		}
	}
}

func (h *harness) printToken(b *strings.Builder, w []string) {
	e := h.tl.Engine()
	tok := ""
	switch w[0] {
	case "sample":
		tok = view.SampleToken(e)
	case "flipped":
		tok = view.FlipByte(view.SampleToken(e))
	case "client":
		tok = e.Client(w[1]).Token()
	case "text":
		tok = strings.Join(w[1:], " ")
	case "memory":
		var in view.Inspector
		_, first := in.Picks(e)
		_, again := in.Picks(e)
		_, shown := in.Inspect(e, view.SampleToken(e), view.KeyServer, "", false)
		_, same := in.Inspect(e, view.SampleToken(e), view.KeyServer, "", false)
		_, forced := in.Inspect(e, view.SampleToken(e), view.KeyServer, "", true)
		fmt.Fprintf(b, "picks listed %v, again %v; inspected %v, again %v, forced %v\n", first, again, shown, same, forced)
		return
	case "picks":
		for _, p := range view.TokenPicks(e, "sample") {
			fmt.Fprintf(b, "pick %q\n", p[1])
		}
		return
	}
	ti := view.InspectToken(e, tok, view.KeyServer, "")
	var parts []string
	for _, p := range ti.Parts {
		parts = append(parts, p.Class)
	}
	fmt.Fprintf(b, "parts %v flippable=%v valid=%v\n%s\n", parts, ti.Flippable, ti.Valid, ti.Verdict)
	for _, c := range ti.Claims {
		if c[0] == "jti" || c[0] == "iat" || c[0] == "nbf" || c[0] == "exp" {
			fmt.Fprintf(b, "claim %s: %s\n", c[0], c[2])
			continue
		}
		fmt.Fprintf(b, "claim %s = %s %s\n", c[0], c[1], c[2])
	}
	fmt.Fprintf(b, "footer %s\npae %d lines\n", strings.ReplaceAll(ti.Footer, "\n", " "), strings.Count(ti.PAE, "\n"))
}

func parseArgs(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		if k, v, ok := strings.Cut(part, "="); ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}
