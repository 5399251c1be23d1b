package runstore_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// flaky is a mem file system whose renames fail while failRename is set,
// and which counts the files it opens for writing.
type flaky struct {
	*mem.FS
	failRename bool
	writes     int
}

func (f *flaky) Rename(old, new string) error {
	if f.failRename {
		return errors.New("disk full")
	}
	return f.FS.Rename(old, new)
}

func (f *flaky) OpenFile(name string, flag int, perm hackpadfs.FileMode) (hackpadfs.File, error) {
	if flag != 0 {
		f.writes++
	}
	return f.FS.OpenFile(name, flag, perm)
}

func newFS(t *testing.T) *flaky {
	m, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	return &flaky{FS: m}
}

func run(n int) engine.Scenario {
	s := engine.Scenario{Config: engine.DefaultConfig(), Position: n}
	for i := range n {
		s.Inputs = append(s.Inputs, engine.Input{Op: engine.OpClient, Client: &client.Spec{Name: "c" + string(rune('a'+i)), User: "alice"}})
	}
	return s
}

func noPause() {}

func TestSaveAndLoad(t *testing.T) {
	fsys := newFS(t)
	st := runstore.New(fsys)
	if _, found, err := st.Load(); found || err != nil {
		t.Fatalf("an empty store loads found=%v, %v", found, err)
	}
	if err := st.Save(run(2), noPause); err != nil {
		t.Fatal(err)
	}
	got, found, err := runstore.New(fsys).Load()
	if err != nil || !found || len(got.Inputs) != 2 || got.Position != 2 {
		t.Fatalf("loaded %d inputs at %d, found=%v, %v", len(got.Inputs), got.Position, found, err)
	}
	if _, err := hackpadfs.Stat(fsys, "run.json.tmp"); err == nil {
		t.Error("a successful save left run.json.tmp behind")
	}
}

func TestNothingSavedIsLost(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, fsys *flaky, st *runstore.Store)
	}{
		{"a saved run that cannot be read is never overwritten", func(t *testing.T, fsys *flaky, st *runstore.Store) {
			if err := hackpadfs.WriteFullFile(fsys, "run.json", []byte(`{"config":`), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, found, err := st.Load(); err == nil || !found {
				t.Fatalf("a damaged run loads found=%v, %v", found, err)
			}
		}},
		{"a save that fails keeps the run saved before", func(t *testing.T, fsys *flaky, st *runstore.Store) {
			if err := st.Save(run(1), noPause); err != nil {
				t.Fatal(err)
			}
			fsys.failRename = true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFS(t)
			st := runstore.New(fsys)
			tc.setup(t, fsys, st)
			before, _ := hackpadfs.ReadFile(fsys, "run.json")
			if err := st.Save(run(3), noPause); err == nil {
				t.Fatal("the save succeeded")
			}
			after, _ := hackpadfs.ReadFile(fsys, "run.json")
			if string(after) != string(before) {
				t.Errorf("run.json changed:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}

func TestNamedRuns(t *testing.T) {
	st := runstore.New(newFS(t))
	for _, name := range []string{"my run", "lesson: <b>2</b>"} {
		if err := st.SaveNamed(name, run(1), noPause); err != nil {
			t.Fatal(err)
		}
	}
	files, err := st.Named()
	if want := []string{"lesson_b2b", "my_run"}; err != nil || !slices.Equal(files, want) {
		t.Fatalf("Named() = %q, %v; want %q", files, err, want)
	}
	if got := runstore.Title(files[1]); got != "my run" {
		t.Errorf("Title(%q) = %q", files[1], got)
	}
	if s, err := st.LoadNamed("my_run"); err != nil || len(s.Inputs) != 1 {
		t.Errorf("LoadNamed: %d inputs, %v", len(s.Inputs), err)
	}
	if _, err := st.LoadNamed("nothing"); err == nil {
		t.Error("LoadNamed of a missing run succeeded")
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"letters and digits", "run42", "run42"},
		{"spaces", "my run", "my_run"},
		{"path and markup", "../<x>/a", "xa"},
		{"nothing left", "…", "run"},
		{"dash and underscore", "a-b_c", "a-b_c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := runstore.FileName(tc.in); got != tc.want {
				t.Errorf("FileName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCacheWrittenOncePerChange(t *testing.T) {
	fsys := newFS(t)
	st := runstore.New(fsys)
	c := sasl.NewCache(16)
	count := func() int { w := fsys.writes; fsys.writes = 0; return w }
	if err := st.SaveCache(c); err != nil || count() == 0 {
		t.Fatalf("the first save of an empty cache wrote nothing (%v)", err)
	}
	if err := st.SaveCache(c); err != nil || count() != 0 {
		t.Fatalf("an unchanged cache was written again (%v)", err)
	}
	if _, err := c.NewCredentials("pw", []byte("salt-salt-salt-1"), 4096); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveCache(c); err != nil || count() == 0 {
		t.Fatalf("a cache that learnt a key was not written (%v)", err)
	}
	d := sasl.NewCache(16)
	if err := runstore.New(fsys).LoadCache(d); err != nil || d.Len() != c.Len() {
		t.Fatalf("loaded %d entries of %d, %v", d.Len(), c.Len(), err)
	}
	if err := hackpadfs.WriteFullFile(fsys, "derived.bin", []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runstore.New(fsys).LoadCache(sasl.NewCache(16)); err == nil {
		t.Error("a damaged cache loaded")
	}
}

func TestShared(t *testing.T) {
	link, err := engine.EncodeFragment(deflate.Packer{}, run(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, hash      string
		wantOK, wantErr bool
		inputs          int
	}{
		{"a share link", "#run=" + link, true, false, 2},
		{"no run", "#live", false, false, 0},
		{"a damaged link", "#run=!!", true, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok, err := runstore.Shared(deflate.Packer{}, tc.hash)
			if ok != tc.wantOK || (err != nil) != tc.wantErr || len(s.Inputs) != tc.inputs {
				t.Errorf("Shared = %d inputs, %v, %v", len(s.Inputs), ok, err)
			}
		})
	}
}

func TestRestore(t *testing.T) {
	link, err := engine.EncodeFragment(deflate.Packer{}, run(2))
	if err != nil {
		t.Fatal(err)
	}
	saved := runstore.New(newFS(t))
	if err := saved.Save(run(1), noPause); err != nil {
		t.Fatal(err)
	}
	damaged := newFS(t)
	if err := hackpadfs.WriteFullFile(damaged, "run.json", []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, hash, from, wantErr string
		st                        *runstore.Store
		inputs                    int
	}{
		{name: "a share link wins over the saved run", hash: "#run=" + link, st: saved, from: "shared run", inputs: 2},
		{name: "the saved run", st: saved, from: "saved run", inputs: 1},
		{name: "nothing saved", st: runstore.New(newFS(t))},
		{name: "no storage", hash: "#live"},
		{name: "a damaged link", hash: "#run=%%", st: saved, wantErr: "the shared link is damaged"},
		{name: "an unreadable saved run", st: runstore.New(damaged), wantErr: "could not read the saved run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, from, err := runstore.Restore(tc.st, deflate.Packer{}, tc.hash)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || s != nil {
					t.Fatalf("Restore = %v, %v; want an error saying %q", s, err, tc.wantErr)
				}
				return
			}
			n := 0
			if s != nil {
				n = len(s.Inputs)
			}
			if err != nil || from != tc.from || n != tc.inputs || (s == nil) != (tc.inputs == 0) {
				t.Errorf("Restore = %d inputs from %q, %v; want %d from %q", n, from, err, tc.inputs, tc.from)
			}
		})
	}
}
