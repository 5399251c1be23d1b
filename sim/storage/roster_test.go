package storage_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// flakyFS is a mem file system whose renames fail while failRename is
// set: a write interrupted after the temporary file was written.
type flakyFS struct {
	*mem.FS
	failRename bool
}

var errInterrupted = errors.New("interrupted")

func (f *flakyFS) Rename(oldname, newname string) error {
	if f.failRename {
		return errInterrupted
	}
	return f.FS.Rename(oldname, newname)
}

func newFlaky(t *testing.T) (*storage.Store, *flakyFS) {
	t.Helper()
	m, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	f := &flakyFS{FS: m}
	return storage.New(f), f
}

func sampleRoster() *session.Roster {
	return &session.Roster{
		Version: 3,
		Items: []session.Item{
			{JID: "juliet@localhost", Name: "Jules", Subscription: "both", Groups: []string{"Capulet", ""}},
			{JID: "nurse@localhost", Subscription: "none", Ask: "subscribe"},
			{JID: "tybalt@localhost", Subscription: "none", Approved: true},
		},
		Pending: []session.Pending{{JID: "benvolio@localhost", Stanza: `<presence type='subscribe'><preauth xmlns='urn:xmpp:pars:0'/></presence>`}},
	}
}

func TestRosterRoundTrip(t *testing.T) {
	st, fsys := newFlaky(t)
	want := sampleRoster()
	if err := st.PutRoster("localhost", "romeo", want); err != nil {
		t.Fatal(err)
	}
	if _, err := hackpadfs.Stat(fsys, "localhost/roster/romeo.json"); err != nil {
		t.Fatalf("layout: %v", err)
	}
	got, found, err := st.Roster("localhost", "romeo")
	if err != nil || !found {
		t.Fatalf("found=%v err=%v", found, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	users, err := st.Rosters("localhost")
	if err != nil || !reflect.DeepEqual(users, []string{"romeo"}) {
		t.Fatalf("Rosters = %v, %v", users, err)
	}
}

func TestRosterMissing(t *testing.T) {
	st, _ := newFlaky(t)
	r, found, err := st.Roster("localhost", "nobody")
	if err != nil || found || r == nil || len(r.Items) != 0 || r.Version != 0 {
		t.Fatalf("got %+v found=%v err=%v", r, found, err)
	}
}

func TestRosterCorrupted(t *testing.T) {
	st, fsys := newFlaky(t)
	bad := []byte("{\"version\": 2, \"items\": [")
	if err := hackpadfs.MkdirAll(fsys, "localhost/roster", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := hackpadfs.WriteFullFile(fsys, "localhost/roster/romeo.json", bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, found, err := st.Roster("localhost", "romeo"); err == nil || !found {
		t.Fatalf("a corrupted roster must be an error: found=%v err=%v", found, err)
	}
	raw, err := hackpadfs.ReadFile(fsys, "localhost/roster/romeo.json")
	if err != nil || string(raw) != string(bad) {
		t.Fatalf("the corrupted file changed: %q %v", raw, err)
	}
}

func TestRosterInterruptedWrite(t *testing.T) {
	st, fsys := newFlaky(t)
	old := sampleRoster()
	if err := st.PutRoster("localhost", "romeo", old); err != nil {
		t.Fatal(err)
	}
	fsys.failRename = true
	next := sampleRoster()
	next.Version, next.Items = 4, nil
	if err := st.PutRoster("localhost", "romeo", next); !errors.Is(err, errInterrupted) {
		t.Fatalf("err = %v, want the interruption", err)
	}
	if _, err := hackpadfs.Stat(fsys, "localhost/roster/romeo.json.tmp"); err != nil {
		t.Fatalf("the interrupted write should leave its temporary file: %v", err)
	}
	got, _, err := st.Roster("localhost", "romeo")
	if err != nil || !reflect.DeepEqual(got, old) {
		t.Fatalf("after an interrupted write: %+v, %v; want the old roster", got, err)
	}
	// The leftover temporary file neither lists as a roster nor blocks the next write.
	if users, _ := st.Rosters("localhost"); !reflect.DeepEqual(users, []string{"romeo"}) {
		t.Fatalf("Rosters = %v", users)
	}
	fsys.failRename = false
	if err := st.PutRoster("localhost", "romeo", next); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := st.Roster("localhost", "romeo"); got.Version != 4 {
		t.Fatalf("version %d after the retried write", got.Version)
	}
}

// ExampleStore_PutRoster stores a roster and reads it back from its file,
// <host>/roster/<user>.json.
func ExampleStore_PutRoster() {
	fsys, _ := mem.NewFS()
	st := storage.New(fsys)
	r := &session.Roster{Version: 1, Items: []session.Item{{JID: "juliet@localhost", Subscription: "none", Ask: "subscribe"}}}
	_ = st.PutRoster("localhost", "romeo", r)
	raw, _ := hackpadfs.ReadFile(fsys, "localhost/roster/romeo.json")
	fmt.Print(string(raw))
	// Output:
	// {
	//   "version": 1,
	//   "items": [
	//     {
	//       "jid": "juliet@localhost",
	//       "subscription": "none",
	//       "ask": "subscribe"
	//     }
	//   ]
	// }
}
