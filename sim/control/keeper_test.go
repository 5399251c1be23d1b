package control

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
)

// readOnly is a mem file system that refuses every write.
type readOnly struct{ *mem.FS }

func (r readOnly) OpenFile(name string, flag int, perm hackpadfs.FileMode) (hackpadfs.File, error) {
	if flag != 0 {
		return nil, errors.New("read-only")
	}
	return r.FS.OpenFile(name, flag, perm)
}

// keeperOf returns a keeper of a new board whose worker is the caller,
// and what it said, offered and listed.
func keeperOf(t *testing.T) (*Keeper, *[]string) {
	t.Helper()
	b, said := newBoard(t)
	k := NewKeeper(b)
	k.Sync = func(f func() error) {
		if err := f(); err != nil {
			*said = append(*said, "error: "+err.Error())
		}
	}
	k.Say, k.Warn = b.Say, b.Warn
	k.Ready = func() { *said = append(*said, "ready") }
	k.Offer = func(f File) { *said = append(*said, "offer: "+f.Name) }
	k.Saved = func(pos string) { *said = append(*said, "saved: "+pos) }
	k.Listed = func(titles, _ []string) { *said = append(*said, "listed: "+strings.Join(titles, ", ")) }
	k.Sleep = func(time.Duration) {}
	return k, said
}

func memFS(t *testing.T) *mem.FS {
	t.Helper()
	m, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// aliceRun is a run of two inputs: alice's account and client.
func aliceRun(t *testing.T) engine.Scenario {
	t.Helper()
	b, _ := newBoard(t)
	if err := b.AddClient("alice", "pw", "home", false); err != nil {
		t.Fatal(err)
	}
	return b.TL.Scenario()
}

func TestKeeperStart(t *testing.T) {
	broken := aliceRun(t)
	broken.Inputs = append(broken.Inputs, engine.Input{Op: engine.OpAct, Name: "nobody", Action: client.ActConnect})
	broken.Position = 3
	for _, tc := range []struct {
		name      string
		saved     *engine.Scenario // the current run in storage
		hash      string
		early     bool
		begun     bool // the user added a client before storage opened
		want      []string
		wantTotal int      // inputs of the run afterwards
		wantNamed []string // runs saved by name afterwards
	}{
		{name: "nothing saved", want: []string{"ready"}},
		{name: "saved run restored", saved: ptr(aliceRun(t)), wantTotal: 2,
			want: []string{"say: Restored the saved run.", "ready"}},
		{name: "early, untouched: the saved run is restored", saved: ptr(aliceRun(t)), early: true, wantTotal: 2,
			want: []string{"say: Restored the saved run."}},
		{name: "early, begun: the saved run is kept by name", saved: ptr(aliceRun(t)), early: true, begun: true, wantTotal: 2,
			want:      []string{"say: A run saved earlier in this browser is kept as “recovered run” in the lessons menu.", "listed: recovered run"},
			wantNamed: []string{"recovered_run"}},
		{name: "a run that does not replay is set aside and offered", saved: &broken, wantTotal: 0,
			want: []string{
				"warn: Could not replay the saved run: engine: input 3 (nobody connect): no client named \"nobody\". It is kept as “run that did not replay” in the lessons menu, and Download offers it as a file; this is a new run.",
				"ready", "offer: run.json", "listed: run that did not replay"},
			wantNamed: []string{"run_that_did_not_replay"}},
		{name: "a damaged link says so", hash: "#run=!!", want: []string{"warn: The shared link is damaged: engine: shared link: illegal base64 data at input byte 0.", "ready"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := memFS(t)
			if tc.saved != nil {
				if err := runstore.New(fsys).Save(*tc.saved, func() {}); err != nil {
					t.Fatal(err)
				}
			}
			k, said := keeperOf(t)
			if tc.begun {
				if err := k.Board.AddClient("bob", "pw", "r", false); err != nil {
					t.Fatal(err)
				}
			}
			if err := k.Open(runstore.New(fsys)); err != nil {
				t.Fatal(err)
			}
			*said = nil
			k.Start(tc.hash, tc.early)
			if !slices.Equal(*said, tc.want) {
				t.Errorf("said\n%q\nwant\n%q", *said, tc.want)
			}
			if _, total := k.Board.TL.Position(); total != tc.wantTotal {
				t.Errorf("the run has %d inputs, want %d", total, tc.wantTotal)
			}
			named, _ := runstore.New(fsys).Named()
			if !slices.Equal(named, tc.wantNamed) {
				t.Errorf("named runs %q, want %q", named, tc.wantNamed)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestKeeperAutosave saves the run each time it moves, and a reload
// restores it.
func TestKeeperAutosave(t *testing.T) {
	fsys := memFS(t)
	k, said := keeperOf(t)
	if err := k.Open(runstore.New(fsys)); err != nil {
		t.Fatal(err)
	}
	k.Start("", false)
	done := make(chan struct{})
	go func() { k.Loop(); close(done) }()
	*said = nil
	k.Moved() // nothing moved: no save
	if err := k.Board.AddClient("alice", "pw", "home", false); err != nil {
		t.Fatal(err)
	}
	k.Moved()
	deadline := time.After(10 * time.Second)
	for {
		if s, found, _ := runstore.New(fsys).Load(); found && len(s.Inputs) == 2 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("the run was not saved")
		case <-time.After(time.Millisecond):
		}
	}
	close(k.dirty)
	<-done
	if want := []string{"saved: 2/2"}; !slices.Equal(*said, want) {
		t.Errorf("said %q, want %q", *said, want)
	}
	k2, _ := keeperOf(t)
	if err := k2.Open(runstore.New(fsys)); err != nil {
		t.Fatal(err)
	}
	k2.Start("", false)
	if _, total := k2.Board.TL.Position(); total != 2 {
		t.Errorf("the reloaded run has %d inputs, want 2", total)
	}
}

func TestKeeperNamedRuns(t *testing.T) {
	run := aliceRun(t)
	for _, tc := range []struct {
		name    string
		fs      func(t *testing.T) hackpadfs.FS // nil: no storage
		want    []string
		wantRun int // inputs after loading "lesson_one"
	}{
		{name: "no storage", want: []string{"warn: This browser's storage is not available: the run was not saved."}},
		{name: "saved, listed and loaded", fs: func(t *testing.T) hackpadfs.FS { return memFS(t) }, wantRun: 2,
			want: []string{"say: Saved “lesson one” in this browser.", "listed: lesson one"}},
		{name: "a failed save says so", fs: func(t *testing.T) hackpadfs.FS { return readOnly{memFS(t)} },
			want: []string{"warn: Saving “lesson one” failed: runstore: storage: read-only. Nothing saved before was changed."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, said := keeperOf(t)
			if tc.fs != nil {
				_ = k.Open(runstore.New(tc.fs(t)))
			}
			*said = nil
			k.SaveNamed("lesson one", run)
			if !slices.Equal(*said, tc.want) {
				t.Errorf("said\n%q\nwant\n%q", *said, tc.want)
			}
			k.LoadNamed("lesson_one")
			if _, total := k.Board.TL.Position(); total != tc.wantRun {
				t.Errorf("after loading, the run has %d inputs, want %d", total, tc.wantRun)
			}
		})
	}
}

// TestKeeperSetAsideFails keeps the earlier run when it cannot be set
// aside: nothing more is written.
func TestKeeperSetAsideFails(t *testing.T) {
	fsys := memFS(t)
	if err := runstore.New(fsys).Save(aliceRun(t), func() {}); err != nil {
		t.Fatal(err)
	}
	k, said := keeperOf(t)
	if err := k.Board.AddClient("bob", "pw", "r", false); err != nil {
		t.Fatal(err)
	}
	_ = k.Open(runstore.New(readOnly{fsys}))
	*said = nil
	k.Start("", true)
	want := []string{"warn: A run saved earlier could not be set aside (runstore: storage: read-only), so this run will not be saved and the earlier one is kept."}
	if !slices.Equal(*said, want) {
		t.Errorf("said\n%q\nwant\n%q", *said, want)
	}
	k.Moved()
	if len(k.dirty) != 0 {
		t.Error("the autosave was woken with no store to write to")
	}
}
