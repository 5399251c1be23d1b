package storage_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/storage"
)

func newStore(t *testing.T) (*storage.Store, hackpadfs.FS) {
	t.Helper()
	fsys, err := mem.NewFS()
	if err != nil {
		t.Fatal(err)
	}
	return storage.New(fsys), fsys
}

func TestAccountRoundTrip(t *testing.T) {
	st, fsys := newStore(t)
	creds, err := sasl.NewCredentials("correct horse", []byte("0123456789abcdef"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAccount("localhost", storage.Account{Username: "alice", Credentials: creds}); err != nil {
		t.Fatal(err)
	}
	raw, err := hackpadfs.ReadFile(fsys, "localhost/accounts/alice.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"correct horse", "correct", "horse"} {
		if strings.Contains(string(raw), leak) {
			t.Fatalf("the stored account contains the password: %s", raw)
		}
	}
	for _, key := range []string{`"salt"`, `"iteration_count": 4096`, `"stored_key"`, `"server_key"`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("stored account lacks %s: %s", key, raw)
		}
	}
	got, found, err := st.Account("localhost", "alice")
	if err != nil || !found {
		t.Fatalf("found=%v err=%v", found, err)
	}
	if !got.Credentials.CheckPassword("correct horse") || got.Credentials.CheckPassword("wrong") {
		t.Fatal("the loaded credentials do not verify the password")
	}
	if _, err := hackpadfs.Stat(fsys, "localhost/accounts/alice.json.tmp"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a temporary file was left behind: %v", err)
	}
	names, err := st.Accounts("localhost")
	if err != nil || len(names) != 1 || names[0] != "alice" {
		t.Fatalf("Accounts = %v, %v", names, err)
	}
}

func TestAccountErrors(t *testing.T) {
	tests := []struct {
		name, content string
		wantFound     bool
		wantErr       bool
	}{
		{"missing", "", false, false},
		{"not json", "{oops", true, true},
		{"bad hex", `{"salt":"zz","iteration_count":4096}`, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, fsys := newStore(t)
			if tc.content != "" {
				if err := hackpadfs.MkdirAll(fsys, "localhost/accounts", 0o700); err != nil {
					t.Fatal(err)
				}
				if err := hackpadfs.WriteFullFile(fsys, "localhost/accounts/bob.json", []byte(tc.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, found, err := st.Account("localhost", "bob")
			if found != tc.wantFound || (err != nil) != tc.wantErr {
				t.Fatalf("found=%v err=%v", found, err)
			}
			if tc.content != "" {
				raw, _ := hackpadfs.ReadFile(fsys, "localhost/accounts/bob.json")
				if string(raw) != tc.content {
					t.Fatalf("a file that could not be read was changed: %q", raw)
				}
			}
		})
	}
}
