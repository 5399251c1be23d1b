package engine_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// tlLogin records alice's account, client and lifecycle up to bind, stepping
// after each action, and returns the position after every input.
func tlLogin(t *testing.T, tl *engine.Timeline) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(tl.Apply(engine.Input{Op: engine.OpAccount, User: "alice", Password: "secret"}))
	must(tl.Apply(engine.Input{Op: engine.OpClient, Client: &client.Spec{User: "alice", Password: "secret", Resource: "laptop"}}))
	for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
		must(tl.Apply(engine.Input{Op: engine.OpAct, Name: "alice", Action: a}))
		if _, err := tl.Forward(100); err != nil {
			t.Fatal(err)
		}
	}
}

func state(t *testing.T, tl *engine.Timeline) string {
	t.Helper()
	b, err := json.Marshal(tl.Engine().Sessions())
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + " " + tl.Engine().Now().String()
}

func newTimeline(t *testing.T) *engine.Timeline {
	t.Helper()
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func TestTimelineBackAndForwardAreExact(t *testing.T) {
	tl := newTimeline(t)
	tlLogin(t, tl)
	_, total := tl.Position()
	forward := make([]string, total+1)
	for k := 0; k <= total; k++ {
		if err := tl.Seek(k); err != nil {
			t.Fatal(err)
		}
		forward[k] = state(t, tl)
	}
	for k := total; k >= 0; k-- {
		if err := tl.Seek(k); err != nil {
			t.Fatal(err)
		}
		if got := state(t, tl); got != forward[k] {
			t.Fatalf("step %d going back:\n%s\nwant\n%s", k, got, forward[k])
		}
	}
	if !strings.Contains(forward[total], `"full_jid":{"set":true,"text":"alice@localhost/laptop"}`) {
		t.Fatalf("the run did not bind: %s", forward[total])
	}
	if step, n := tl.Position(); step != 0 || n != total {
		t.Fatalf("position %d/%d, want 0/%d", step, n, total)
	}
}

func TestTimelineForkDropsTheFuture(t *testing.T) {
	tl := newTimeline(t)
	tlLogin(t, tl)
	if err := tl.Back(3); err != nil {
		t.Fatal(err)
	}
	step, total := tl.Position()
	if !tl.InPast() || step != total-3 {
		t.Fatalf("position %d/%d after Back(3)", step, total)
	}
	if err := tl.Apply(engine.Input{Op: engine.OpAct, Name: "alice", Action: "drop"}); err != nil {
		t.Fatal(err)
	}
	if s, n := tl.Position(); s != step+1 || n != step+1 || tl.InPast() {
		t.Fatalf("after the fork: %d/%d, want %d/%d", s, n, step+1, step+1)
	}
}

func TestTimelineFaultsReplay(t *testing.T) {
	tl := newTimeline(t)
	if err := tl.Apply(engine.Input{Op: engine.OpAccount, User: "bob", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if err := tl.Apply(engine.Input{Op: engine.OpClient, Client: &client.Spec{User: "bob", Password: "pw"}}); err != nil {
		t.Fatal(err)
	}
	if err := tl.Apply(engine.Input{Op: engine.OpAct, Name: "bob", Action: "connect"}); err != nil {
		t.Fatal(err)
	}
	q := tl.Engine().Network().Queue()
	if len(q) != 1 {
		t.Fatalf("%d pending deliveries, want the connect", len(q))
	}
	drop := engine.Input{Op: engine.OpDrop, ID: "1"}
	if err := tl.Apply(drop); err != nil {
		t.Fatal(err)
	}
	if err := tl.Apply(drop); err == nil {
		t.Fatal("dropping a delivery twice succeeded")
	}
	if err := tl.Step(); err != engine.ErrIdle {
		t.Fatalf("step after the drop: %v, want ErrIdle", err)
	}
	if err := tl.Seek(0); err != nil {
		t.Fatal(err)
	}
	if err := tl.Seek(4); err != nil {
		t.Fatal(err)
	}
	if n := tl.Engine().Pending(); n != 0 || len(tl.Engine().Sessions()) != 0 {
		t.Fatalf("replayed drop left %d pending and %d sessions", n, len(tl.Engine().Sessions()))
	}
}

func TestFragmentRoundTrip(t *testing.T) {
	tl := newTimeline(t)
	tlLogin(t, tl)
	if err := tl.Back(2); err != nil {
		t.Fatal(err)
	}
	want := state(t, tl)
	text, err := engine.EncodeFragment(deflate.Packer{}, tl.Scenario())
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(text, "+/=") {
		t.Fatalf("fragment is not unpadded base64url: %q", text)
	}
	s, err := engine.DecodeFragment(deflate.Packer{}, text)
	if err != nil {
		t.Fatal(err)
	}
	other := newTimeline(t)
	if err := other.Load(s); err != nil {
		t.Fatal(err)
	}
	if got := state(t, other); got != want {
		t.Fatalf("loaded run differs:\n%s\nwant\n%s", got, want)
	}
	if a, b := other.Position(); a != s.Position || b != len(s.Inputs) {
		t.Fatalf("loaded position %d/%d", a, b)
	}
}

func TestDecodeFragmentRejectsDamage(t *testing.T) {
	for name, text := range map[string]string{
		"not base64":  "***",
		"not deflate": "aGVsbG8",
		"empty":       "",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := engine.DecodeFragment(deflate.Packer{}, text); err == nil {
				t.Fatal("no error")
			}
		})
	}
	// A link that inflates past 16 MB is refused, whichever Packer read it.
	for _, n := range []int{16<<20 + 1, 64 << 20} {
		bomb, err := deflate.Packer{}.Pack(make([]byte, n))
		if err != nil {
			t.Fatal(err)
		}
		_, err = engine.DecodeFragment(deflate.Packer{}, base64.RawURLEncoding.EncodeToString(bomb))
		if want := "engine: shared link: too large"; fmt.Sprint(err) != want {
			t.Errorf("%d bytes inflated: %v, want %s", n, err, want)
		}
	}
}

func TestConfigureOnlyBeforeTheRun(t *testing.T) {
	tl := newTimeline(t)
	c := tl.Config().Server
	c.ConflictResolve = "kick_new"
	if err := tl.Configure(c); err != nil {
		t.Fatal(err)
	}
	if tl.Engine().Config().Server.ConflictResolve != "kick_new" {
		t.Fatal("configuration not applied")
	}
	tlLogin(t, tl)
	if err := tl.Configure(c); err == nil {
		t.Fatal("configuration changed mid-run")
	}
	c.DefaultIterationCount = 1
	if err := newTimeline(t).Configure(c); err == nil {
		t.Fatal("invalid configuration accepted")
	}
}

// A shared link is text from anyone: decoding and loading it never panics.
func FuzzDecodeFragment(f *testing.F) {
	good, err := engine.EncodeFragment(deflate.Packer{}, engine.Scenario{Config: engine.DefaultConfig(),
		Inputs: []engine.Input{{Op: engine.OpAccount, User: "a", Password: "b"}, {Op: engine.OpDrop, ID: "x"}}, Position: 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := engine.DecodeFragment(deflate.Packer{}, text)
		if err != nil {
			return
		}
		if len(s.Inputs) > 50 {
			return
		}
		tl, err := engine.NewTimeline(engine.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		_ = tl.Load(s)
	})
}

// TestRunawayIterationCount: a run (anyone's link) or a configuration may
// not ask for more than 100,000 iterations, ten times Prosody's default:
// one key would hold a browser page for seconds, and one input cannot be
// stopped. A million held it 7 to 9 s per account.
func TestRunawayIterationCount(t *testing.T) {
	for _, n := range []int{1_000_000, 100_001} {
		cfg := engine.DefaultConfig()
		cfg.Server.DefaultIterationCount = n
		if err := newTimeline(t).Load(engine.Scenario{Config: cfg}); err == nil || !strings.Contains(err.Error(), "is above 100000") {
			t.Errorf("a run with %d iterations: %v", n, err)
		}
		if err := newTimeline(t).Configure(cfg.Server); err == nil {
			t.Errorf("configuring %d iterations: no error", n)
		}
	}
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 100_000
	if err := newTimeline(t).Configure(cfg.Server); err != nil {
		t.Errorf("100,000 iterations: %v", err)
	}
}

// TestTimelineStop: a host that asks to stop gets the run complete up to
// an input boundary, with its inputs kept, and can go on from there.
func TestTimelineStop(t *testing.T) {
	tl := newTimeline(t)
	tlLogin(t, tl)
	s := tl.Scenario()
	want := state(t, tl)
	asked := 0
	tl.SetStop(func() bool { asked++; return asked > 3 })
	err := tl.Load(s)
	if !errors.Is(err, engine.ErrStopped) {
		t.Fatalf("Load = %v, want ErrStopped", err)
	}
	if pos, total := tl.Position(); pos != 3 || total != len(s.Inputs) {
		t.Errorf("stopped at %d of %d, want 3 of %d", pos, total, len(s.Inputs))
	}
	tl.SetStop(nil)
	if err := tl.Seek(len(s.Inputs)); err != nil {
		t.Fatal(err)
	}
	if got := state(t, tl); got != want {
		t.Errorf("going on after a stop gives another run:\n%s\n%s", got, want)
	}
	tl.SetStop(func() bool { return true })
	if n, err := tl.Forward(5); n != 0 || !errors.Is(err, engine.ErrStopped) {
		t.Errorf("Forward when stopped = %d, %v", n, err)
	}
}

// TestTimelinePause checks the pause hook runs once before every input a
// seek replays, and that pausing changes nothing in the run.
func TestTimelinePause(t *testing.T) {
	tl, err := engine.NewTimeline(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	tlLogin(t, tl)
	end, total := tl.Position()
	want := state(t, tl)
	pauses := 0
	tl.SetPause(func() { pauses++ })
	if err := tl.Seek(0); err != nil {
		t.Fatal(err)
	}
	if err := tl.Seek(end); err != nil {
		t.Fatal(err)
	}
	wantPauses := 0
	for _, in := range tl.Inputs()[:end] {
		wantPauses += max(in.N, 1) // one before each input, one between folded steps
	}
	if pauses != wantPauses {
		t.Errorf("%d pauses replaying %d inputs, want %d", pauses, end, wantPauses)
	}
	if got := state(t, tl); got != want {
		t.Errorf("state after the paused replay differs:\n%s\n%s", got, want)
	}
	if _, got := tl.Position(); got != total {
		t.Errorf("total %d, want %d", got, total)
	}
}

// crowdTimeline logs n users in with hashed passwords (PLAIN checks each
// password with a PBKDF2 run, as does creating each account).
func crowdTimeline(tb testing.TB, n int, cache *sasl.Cache) *engine.Timeline {
	tb.Helper()
	cfg := engine.DefaultConfig()
	cfg.Cache = cache
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		u := "user" + strconv.Itoa(i)
		for _, in := range []engine.Input{
			{Op: engine.OpAccount, User: u, Password: "pw" + u},
			{Op: engine.OpClient, Client: &client.Spec{User: u, Password: "pw" + u, Resource: "r"}},
		} {
			if err := tl.Apply(in); err != nil {
				tb.Fatal(err)
			}
		}
		for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
			if err := tl.Apply(engine.Input{Op: engine.OpAct, Name: u, Action: a}); err != nil {
				tb.Fatal(err)
			}
			if _, err := tl.Forward(100); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return tl
}

func TestTimelineReplayReusesDerivations(t *testing.T) {
	cache := sasl.NewCache(64)
	runs := 0
	cache.SetKDF(func(pw string, salt []byte, iter int, hashes ...string) ([][]byte, error) {
		runs += len(hashes)
		return sasl.GoKDF(pw, salt, iter, hashes...)
	})
	tl := crowdTimeline(t, 3, cache)
	// Three accounts, each derived once for SCRAM-SHA-1 and SCRAM-SHA-256;
	// their PLAIN logins are answered from those derivations.
	if n := cache.Len(); n != 3 || runs != 6 {
		t.Fatalf("cache holds %d entries after %d PBKDF2 runs, want 3 after 6", n, runs)
	}
	before := state(t, tl)
	_, total := tl.Position()
	if err := tl.Seek(0); err != nil {
		t.Fatal(err)
	}
	if err := tl.Seek(total); err != nil {
		t.Fatal(err)
	}
	if got := state(t, tl); got != before {
		t.Errorf("replayed state differs:\n got %s\nwant %s", got, before)
	}
	if n := cache.Len(); n != 3 || runs != 6 {
		t.Errorf("cache holds %d entries after a replay and %d PBKDF2 runs, want still 3 and 6", n, runs)
	}
	// The cache is not part of what is saved or shared.
	if s := tl.Scenario(); s.Config.Cache != nil {
		t.Error("Scenario carries the cache")
	}
}

// BenchmarkTimelineBack goes back one input at the end of a run of 100
// users with hashed passwords: the replay from the seed, with the
// timeline's shared cache and with none (every PBKDF2 run again).
func BenchmarkTimelineBack(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cache *sasl.Cache
	}{{"shared-cache", nil}, {"no-cache", sasl.NewCache(0)}} {
		b.Run(bc.name, func(b *testing.B) {
			tl := crowdTimeline(b, 100, bc.cache)
			_, total := tl.Position()
			b.ResetTimer()
			for b.Loop() {
				if err := tl.Seek(total - 1); err != nil {
					b.Fatal(err)
				}
				if err := tl.Seek(total); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
