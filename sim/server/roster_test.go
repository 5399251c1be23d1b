package server_test

import (
	"bufio"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
)

// The scripts in testdata/im drive simulated clients through the engine
// and list, exactly and in order, every stanza each client receives. One
// directive per line ('#' starts a comment):
//
//	accounts U ...          accounts with password "secret"
//	set insecure            authentication "insecure" (every user exists)
//	set modules M,M...      modules_enabled ("none" for an empty list)
//	set storage_archive_item_limit N   the offline quota (before the first login)
//	login C USER [RES]      client C connects, authenticates and binds
//	C> XML                  C sends XML exactly as written
//	C! ACTION [K=V ...]     C takes an action (values URL-escaped: %20 is a space)
//	C< XML                  the next stanza C received, exactly; {any} matches any attribute text
//	C? FIELD TEXT           C's session field shows TEXT ("-" for unset)
//	C?? FIELD TEXT          C's snapshot detail: presence (show/status/priority) or pending
//
// After every C> and C! the engine runs until nothing is pending. Before
// the next action and at the end, every stanza received must have been
// matched by a C< line, so a script lists everything each client saw.
func TestIMScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/im/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			h := newIMHarness(t, engine.DefaultConfig())
			h.runFile(file)
		})
	}
}

type imHarness struct {
	t     testing.TB
	cfg   engine.Config
	eng   *engine.Engine
	inbox map[string][]string
	line  int
}

func newIMHarness(t testing.TB, cfg engine.Config) *imHarness {
	return &imHarness{t: t, cfg: cfg, inbox: make(map[string][]string)}
}

func (h *imHarness) engine() *engine.Engine {
	if h.eng == nil {
		e, err := engine.New(h.cfg)
		if err != nil {
			h.t.Fatal(err)
		}
		e.Subscribe(func(ev engine.Event) {
			if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.What == "data" {
				h.inbox[ev.Client] = append(h.inbox[ev.Client], ev.Raw)
			}
		})
		h.eng = e
	}
	return h.eng
}

func (h *imHarness) runFile(file string) {
	f, err := os.Open(file)
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		h.line++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		h.do(line)
	}
	h.quiet()
}

var imDirective = regexp.MustCompile(`^(\w+)(>|!|<|\?\?|\?) ?(.*)$`)

func (h *imHarness) do(line string) {
	h.t.Helper()
	fields := strings.Fields(line)
	switch fields[0] {
	case "accounts":
		for _, u := range fields[1:] {
			h.must(h.engine().AddAccount(u, "secret"))
		}
		return
	case "set":
		h.set(fields[1:])
		return
	case "login":
		h.login(fields[1], fields[2], append(fields[3:], "")[0])
		return
	}
	m := imDirective.FindStringSubmatch(line)
	if m == nil {
		h.t.Fatalf("line %d: bad directive %q", h.line, line)
	}
	name, op, rest := m[1], m[2], m[3]
	switch op {
	case ">":
		h.quiet()
		h.must(h.eng.Send(name, rest))
		h.eng.Run(0)
	case "!":
		h.quiet()
		act := strings.Fields(rest)
		h.must(h.eng.ActWith(name, act[0], imArgs(act[1:])))
		h.eng.Run(0)
	case "<":
		h.expect(name, rest)
	case "?":
		k, v, _ := strings.Cut(rest, " ")
		h.field(name, k, v)
	case "??":
		k, v, _ := strings.Cut(rest, " ")
		h.detail(name, k, v)
	}
}

// set changes the configuration before the first login.
func (h *imHarness) set(args []string) {
	switch {
	case len(args) == 1 && args[0] == "insecure":
		h.cfg.Server.Authentication = "insecure"
	case len(args) == 2 && args[0] == "storage_archive_item_limit":
		n, err := strconv.Atoi(args[1])
		h.must(err)
		h.cfg.Server.ArchiveItemLimit = n
	case len(args) == 2 && args[0] == "modules":
		h.cfg.Server.Modules = nil
		if args[1] != "none" {
			h.cfg.Server.Modules = strings.Split(args[1], ",")
		}
	default:
		h.t.Fatalf("line %d: unknown setting %q", h.line, args)
	}
}

func imArgs(kvs []string) map[string]string {
	args := make(map[string]string)
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		if u, err := url.PathUnescape(v); err == nil {
			v = u
		}
		args[k] = v
	}
	return args
}

func (h *imHarness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatalf("line %d: %v", h.line, err)
	}
}

func (h *imHarness) login(name, user, res string) {
	e := h.engine()
	_, err := e.AddClient(client.Spec{Name: name, User: user, Password: "secret", Resource: res})
	h.must(err)
	for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
		h.must(e.Act(name, a))
		e.Run(0)
	}
	if st := e.Client(name).State(); st != client.Bound {
		h.t.Fatalf("line %d: %s did not bind: %s (%v)", h.line, name, st, h.inbox[name])
	}
	h.inbox[name] = nil
}

func (h *imHarness) expect(name, want string) {
	h.t.Helper()
	if len(h.inbox[name]) == 0 {
		h.t.Fatalf("line %d: %s received nothing, want\n%s", h.line, name, want)
	}
	got := h.inbox[name][0]
	h.inbox[name] = h.inbox[name][1:]
	pattern := "^" + strings.ReplaceAll(regexp.QuoteMeta(want), `\{any\}`, `[^']*`) + "$"
	if !regexp.MustCompile(pattern).MatchString(got) {
		h.t.Fatalf("line %d: %s received\n%s\nwant\n%s", h.line, name, got, want)
	}
}

// quiet fails if any client has a stanza the script did not list.
func (h *imHarness) quiet() {
	h.t.Helper()
	for name, q := range h.inbox {
		if len(q) > 0 {
			h.t.Fatalf("line %d: %s received unlisted stanzas:\n%s", h.line, name, strings.Join(q, "\n"))
		}
	}
}

// snapshot returns the session bound to the client's JID.
func (h *imHarness) snapshot(name string) session.Snapshot {
	h.t.Helper()
	jid := h.eng.Client(name).JID()
	for _, s := range h.eng.Sessions() {
		if jid != "" && s.Field("full_jid").Text == jid {
			return s
		}
	}
	h.t.Fatalf("line %d: no session for %s", h.line, name)
	return session.Snapshot{}
}

func (h *imHarness) field(name, key, want string) {
	h.t.Helper()
	v := h.snapshot(name).Field(key)
	got := v.Text
	if !v.Set {
		got = "-"
	}
	if got != want {
		h.t.Fatalf("line %d: %s field %s = %q, want %q", h.line, name, key, got, want)
	}
}

func (h *imHarness) detail(name, key, want string) {
	h.t.Helper()
	s := h.snapshot(name)
	got := "-"
	switch key {
	case "presence":
		if p := s.Presence; p != nil {
			got = p.Show + "/" + p.Status + "/" + itoa(p.Priority)
		}
	case "pending":
		if s.Roster != nil && len(s.Roster.Pending) > 0 {
			got = strings.Join(s.Roster.Pending, ",")
		}
	}
	if got != want {
		h.t.Fatalf("line %d: %s %s = %q, want %q", h.line, name, key, got, want)
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// BenchmarkRosterPushFanout measures one roster set by a user with 50
// interested resources: the save, the result and the 50 pushes, each
// delivered to and parsed by its client.
func BenchmarkRosterPushFanout(b *testing.B) {
	const resources = 50
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	h := newIMHarness(b, cfg)
	for i := 0; i < resources; i++ {
		name := "r" + itoa(i)
		h.login(name, "romeo", name)
		h.must(h.eng.ActWith(name, "roster-get", nil))
		h.eng.Run(0)
	}
	e := h.eng
	pushes := 0
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out && strings.HasPrefix(ev.Raw, "<iq type='set'") {
			pushes++
		}
	})
	names := []string{"Jules", "Juliet"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.must(e.ActWith("r0", "roster-set", map[string]string{"jid": "juliet@localhost", "name": names[i%2]}))
		e.Run(0)
	}
	b.StopTimer()
	if pushes != b.N*resources {
		b.Fatalf("%d pushes for %d sets", pushes, b.N)
	}
	b.ReportMetric(float64(pushes)/b.Elapsed().Seconds(), "pushes/s")
}
