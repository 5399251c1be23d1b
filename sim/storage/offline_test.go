package storage_test

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/storage"
)

func msg(id string) storage.OfflineMessage {
	return storage.OfflineMessage{Stanza: "<message id='" + id + "'><body>a < b & c</body></message>", When: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func mustAppend(t *testing.T, st *storage.Store, user string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if err := st.AppendOffline("localhost", user, msg(id), 1000); err != nil {
			t.Fatal(err)
		}
	}
}

func wantQueue(t *testing.T, st *storage.Store, user string, ids ...string) {
	t.Helper()
	got, err := st.Offline("localhost", user)
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.OfflineMessage{}
	for _, id := range ids {
		want = append(want, msg(id))
	}
	if len(got) == 0 {
		got = []storage.OfflineMessage{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("queue %+v\nwant %+v", got, want)
	}
	if n, err := st.OfflineCount("localhost", user); err != nil || n != len(ids) {
		t.Fatalf("count %d, %v; want %d", n, err, len(ids))
	}
}

func TestOfflineQueue(t *testing.T) {
	st, fsys := newFlaky(t)
	mustAppend(t, st, "juliet", "1", "2")
	wantQueue(t, st, "juliet", "1", "2")
	raw, err := hackpadfs.ReadFile(fsys, "localhost/offline/juliet.jsonl")
	want := `{"stanza":"<message id='1'><body>a < b & c</body></message>","when":"2026-01-01T00:00:00Z"}` + "\n" +
		`{"stanza":"<message id='2'><body>a < b & c</body></message>","when":"2026-01-01T00:00:00Z"}` + "\n"
	if err != nil || string(raw) != want {
		t.Fatalf("layout: %q, %v\nwant %q", raw, err, want)
	}
	if q, _ := st.OfflineQueues("localhost"); !reflect.DeepEqual(q, []string{"juliet"}) {
		t.Fatalf("OfflineQueues = %v", q)
	}
	if err := st.DeleteOffline("localhost", "juliet"); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, st, "juliet")
}

// A new message is appended: the file already written is not rewritten
// (no temporary file, no rename), so a rename that fails does not matter.
func TestOfflineAppendDoesNotRewrite(t *testing.T) {
	st, fsys := newFlaky(t)
	mustAppend(t, st, "juliet", "1")
	fsys.failRename = true
	mustAppend(t, st, "juliet", "2", "3")
	wantQueue(t, st, "juliet", "1", "2", "3")
}

// A queue written before the archive layout (one JSON array in
// <user>.json) still loads, ahead of what is appended since, and
// delivering part of it keeps the rest.
func TestOfflineLegacyQueueLoads(t *testing.T) {
	st, fsys := newFlaky(t)
	if err := st.WriteJSON("localhost/offline/juliet.json", []storage.OfflineMessage{msg("old1"), msg("old2")}); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, st, "juliet", "old1", "old2")
	mustAppend(t, st, "juliet", "new1")
	wantQueue(t, st, "juliet", "old1", "old2", "new1")
	if q, _ := st.OfflineQueues("localhost"); !reflect.DeepEqual(q, []string{"juliet"}) {
		t.Fatalf("OfflineQueues = %v", q)
	}

	first, err := st.ReadOffline("localhost", "juliet", storage.OfflinePos{}, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("first: %v, %v", first, err)
	}
	if err := st.DropOffline("localhost", "juliet", first[0].Next); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, st, "juliet", "old2", "new1")
	all, _ := st.ReadOffline("localhost", "juliet", storage.OfflinePos{}, -1)
	if err := st.DropOffline("localhost", "juliet", all[1].Next); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, st, "juliet")
	for _, f := range []string{"juliet.json", "juliet.jsonl"} {
		if _, err := hackpadfs.Stat(fsys, "localhost/offline/"+f); err == nil {
			t.Fatalf("%s is left after everything was delivered", f)
		}
	}
}

// ReadOffline goes on from a position, a window of bytes at a time, and
// DropOffline keeps what was stored after the position.
func TestOfflineReadFromAndDrop(t *testing.T) {
	st, _ := newFlaky(t)
	mustAppend(t, st, "juliet", "1", "2", "3")
	size := len(msg("1").Stanza)
	batch, err := st.ReadOffline("localhost", "juliet", storage.OfflinePos{}, size+1)
	if err != nil || len(batch) != 2 {
		t.Fatalf("batch of %d, %v; want 2 (the window is reached by the second)", len(batch), err)
	}
	rest, err := st.ReadOffline("localhost", "juliet", batch[1].Next, -1)
	if err != nil || len(rest) != 1 || rest[0].OfflineMessage != msg("3") {
		t.Fatalf("rest %+v, %v", rest, err)
	}
	mustAppend(t, st, "juliet", "4")
	if err := st.DropOffline("localhost", "juliet", batch[1].Next); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, st, "juliet", "3", "4")
}

// The quota is storage_archive_item_limit: a full queue refuses with
// ErrQuota and is not written; delivering makes room again.
func TestOfflineQuota(t *testing.T) {
	st, fsys := newFlaky(t)
	for i := range 3 {
		if err := st.AppendOffline("localhost", "juliet", msg(strconv.Itoa(i)), 3); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := hackpadfs.ReadFile(fsys, "localhost/offline/juliet.jsonl")
	if err := st.AppendOffline("localhost", "juliet", msg("x"), 3); !errors.Is(err, storage.ErrQuota) {
		t.Fatalf("append to a full queue: %v, want ErrQuota", err)
	}
	after, _ := hackpadfs.ReadFile(fsys, "localhost/offline/juliet.jsonl")
	if string(before) != string(after) {
		t.Fatal("a refused message was written")
	}
	// A fresh store (a restart) counts the file again.
	again := storage.New(fsys)
	if err := again.AppendOffline("localhost", "juliet", msg("x"), 3); !errors.Is(err, storage.ErrQuota) {
		t.Fatalf("after a restart: %v, want ErrQuota", err)
	}
	if err := again.DeleteOffline("localhost", "juliet"); err != nil {
		t.Fatal(err)
	}
	if err := again.AppendOffline("localhost", "juliet", msg("x"), 3); err != nil {
		t.Fatalf("after delivery: %v", err)
	}
	if err := again.AppendOffline("localhost", "romeo", msg("x"), 0); !errors.Is(err, storage.ErrQuota) {
		t.Fatalf("limit 0: %v, want ErrQuota", err)
	}
}

// A line left unfinished by a crash is not read, and the next append cuts
// it off instead of gluing onto it.
func TestOfflineUnfinishedLine(t *testing.T) {
	fsys, _ := mem.NewFS()
	st := storage.New(fsys)
	mustAppend(t, st, "juliet", "1")
	raw, _ := hackpadfs.ReadFile(fsys, "localhost/offline/juliet.jsonl")
	torn := append(raw, `{"stanza":"<mess`...)
	if err := hackpadfs.WriteFullFile(fsys, "localhost/offline/juliet.jsonl", torn, 0o600); err != nil {
		t.Fatal(err)
	}
	st = storage.New(fsys)
	wantQueue(t, st, "juliet", "1")
	mustAppend(t, st, "juliet", "2")
	wantQueue(t, storage.New(fsys), "juliet", "1", "2")
}

func TestOfflineCorruptedNeverOverwritten(t *testing.T) {
	for _, name := range []string{"juliet.json", "juliet.jsonl"} {
		t.Run(name, func(t *testing.T) {
			st, fsys := newFlaky(t)
			if err := hackpadfs.MkdirAll(fsys, "localhost/offline", 0o700); err != nil {
				t.Fatal(err)
			}
			bad := []byte("not json\n")
			if err := hackpadfs.WriteFullFile(fsys, "localhost/offline/"+name, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Offline("localhost", "juliet"); err == nil {
				t.Fatal("an unreadable queue was read")
			}
			if err := st.AppendOffline("localhost", "juliet", storage.OfflineMessage{Stanza: "<message/>"}, 1000); err == nil {
				t.Fatal("appending to an unreadable queue must fail")
			}
			raw, _ := hackpadfs.ReadFile(fsys, "localhost/offline/"+name)
			if string(raw) != string(bad) {
				t.Fatalf("the unreadable queue was overwritten: %q", raw)
			}
		})
	}
}
