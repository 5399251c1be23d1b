package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hack-pad/hackpadfs"
)

// Store reads and writes JSON documents in a file system.
type Store struct {
	fs       hackpadfs.FS
	accounts map[string]Account // decoded accounts by path (accounts.go)
	counts   map[string]int     // offline queue lengths by path (offline.go)
}

// New returns a Store over fsys.
func New(fsys hackpadfs.FS) *Store { return &Store{fs: fsys} }

// FS returns the underlying file system.
func (s *Store) FS() hackpadfs.FS { return s.fs }

// WriteJSON stores v as indented JSON at name, atomically: it writes
// name+".tmp" and renames it over name.
func (s *Store) WriteJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("storage: encode %s: %w", name, err)
	}
	return s.WriteFile(name, append(data, '\n'))
}

// WriteFile stores data at name, atomically: it writes name+".tmp" and
// renames it over name, so that a failed write leaves the old file as it
// was. It makes the folders name needs.
func (s *Store) WriteFile(name string, data []byte) error {
	return s.writeAtomic(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic writes name with write, atomically: write fills
// name+".tmp", which is then renamed over name, so that a failed write
// leaves the old file as it was. It makes the folders name needs.
func (s *Store) writeAtomic(name string, write func(io.Writer) error) error {
	if err := hackpadfs.MkdirAll(s.fs, path.Dir(name), 0o700); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	tmp := name + ".tmp"
	out, err := hackpadfs.OpenFile(s.fs, tmp, hackpadfs.FlagWriteOnly|hackpadfs.FlagCreate|hackpadfs.FlagTruncate, 0o600)
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := errors.Join(write(fileWriter{out}), out.Close()); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := hackpadfs.Rename(s.fs, tmp, name); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// fileWriter writes to a hackpadfs file.
type fileWriter struct{ f hackpadfs.File }

func (w fileWriter) Write(p []byte) (int, error) { return hackpadfs.WriteFile(w.f, p) }

// ReadJSON loads name into v. It reports found=false, with no error, when
// the file does not exist; a file that exists but cannot be read or decoded
// is an error and is left untouched.
func (s *Store) ReadJSON(name string, v any) (found bool, err error) {
	data, err := hackpadfs.ReadFile(s.fs, name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("storage: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("storage: %s: %w", name, err)
	}
	return true, nil
}

// List returns the names (without ".json") of the documents in dir, sorted.
func (s *Store) List(dir string) ([]string, error) {
	entries, err := hackpadfs.ReadDir(s.fs, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// Remove deletes the document name; a missing document is not an error.
func (s *Store) Remove(name string) error {
	err := hackpadfs.Remove(s.fs, name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}
