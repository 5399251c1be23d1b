package runstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/hack-pad/hackpadfs"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// The store's files.
const (
	runFile   = "run.json"    // the current run
	cacheFile = "derived.bin" // sasl.Cache.Export: digests and derived keys, no passwords
	namedDir  = "scenarios"   // runs saved under a name, as NAME.json
)

// Store keeps runs in a file system, written through sim/storage's atomic
// writes. It is not safe for concurrent use.
type Store struct {
	fs    hackpadfs.FS
	files *storage.Store // atomic writes and listings over fs
	// locked is why the current run must not be written: its file could
	// not be read, and what a user saved is never overwritten.
	locked error
	// cacheAdds is the cache's Adds() when it was last written; the first
	// save always writes it.
	cacheAdds  uint64
	cacheSaved bool
}

// New returns a store over fsys.
func New(fsys hackpadfs.FS) *Store { return &Store{fs: fsys, files: storage.New(fsys)} }

// Load reads the current run; found is false when none was saved. A file
// that cannot be read or decoded is an error, and from then on Save
// refuses to write over it.
func (s *Store) Load() (sc engine.Scenario, found bool, err error) {
	sc, err = s.read(runFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sc, false, nil
	case err != nil:
		s.locked = fmt.Errorf("runstore: the saved run could not be read, so it is kept as it is: %w", err)
		return sc, true, err
	}
	return sc, true, nil
}

// Save writes sc as the current run, calling pause between its inputs.
func (s *Store) Save(sc engine.Scenario, pause func()) error {
	if s.locked != nil {
		return s.locked
	}
	return s.write(runFile, sc, pause)
}

// SaveNamed writes sc under name, replacing a run saved under the same
// file name.
func (s *Store) SaveNamed(name string, sc engine.Scenario, pause func()) error {
	return s.write(path.Join(namedDir, FileName(name)+".json"), sc, pause)
}

// Named lists the runs saved under a name: their file names, sorted.
func (s *Store) Named() ([]string, error) {
	names, err := s.files.List(namedDir)
	if err != nil {
		return nil, fmt.Errorf("runstore: %w", err)
	}
	return names, nil
}

// LoadNamed reads the run saved under a file name Named listed.
func (s *Store) LoadNamed(file string) (engine.Scenario, error) {
	return s.read(path.Join(namedDir, FileName(file)+".json"))
}

// Title is how a file name Named listed is shown.
func Title(file string) string { return strings.ReplaceAll(file, "_", " ") }

// FileName keeps the letters, digits, '-' and '_' of a name, with spaces
// as '_'; "run" when nothing is left.
func FileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "run"
	}
	return b.String()
}

// LoadCache fills c from the cache last saved. A missing file is not an
// error; a damaged one is, and changes nothing in c.
func (s *Store) LoadCache(c *sasl.Cache) error {
	b, err := hackpadfs.ReadFile(s.fs, cacheFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		err = c.Import(b)
	}
	if err != nil {
		return fmt.Errorf("runstore: the cache of derived keys: %w", err)
	}
	return nil
}

// SaveCache writes c when it learnt something since it was last written,
// and always the first time: derivations made while the old file was
// being read are not in it.
func (s *Store) SaveCache(c *sasl.Cache) error {
	adds := c.Adds()
	if s.cacheSaved && adds == s.cacheAdds {
		return nil
	}
	if err := s.replace(cacheFile, c.Export()); err != nil {
		return err
	}
	s.cacheAdds, s.cacheSaved = adds, true
	return nil
}

func (s *Store) read(name string) (engine.Scenario, error) {
	var sc engine.Scenario
	b, err := hackpadfs.ReadFile(s.fs, name)
	if err != nil {
		return sc, err
	}
	if err := json.Unmarshal(b, &sc); err != nil {
		return sc, fmt.Errorf("runstore: %s: %w", name, err)
	}
	return sc, nil
}

func (s *Store) write(name string, sc engine.Scenario, pause func()) error {
	b, err := sc.Marshal(pause)
	if err != nil {
		return fmt.Errorf("runstore: %w", err)
	}
	return s.replace(name, b)
}

// replace writes b at name atomically.
func (s *Store) replace(name string, b []byte) error {
	if err := s.files.WriteFile(name, b); err != nil {
		return fmt.Errorf("runstore: %w", err)
	}
	return nil
}

// Shared reads the run of a share link's fragment ("#run=…"), inflating
// it with p; ok is false when the fragment holds none.
func Shared(p engine.Packer, hash string) (sc engine.Scenario, ok bool, err error) {
	text, ok := strings.CutPrefix(hash, "#run=")
	if !ok {
		return sc, false, nil
	}
	sc, err = engine.DecodeFragment(p, text)
	return sc, true, err
}

// Restore finds the run a page opening with the location hash should
// restore: a share link's run, else the current run of st (which may be
// nil, for a browser without storage). from says which ("shared run" or
// "saved run"); a nil run with no error means there is none. A damaged
// link or an unreadable saved run is an error that says which.
func Restore(st *Store, p engine.Packer, hash string) (sc *engine.Scenario, from string, err error) {
	if s, ok, err := Shared(p, hash); ok {
		if err != nil {
			return nil, "", fmt.Errorf("the shared link is damaged: %w", err)
		}
		return &s, "shared run", nil
	}
	if st == nil {
		return nil, "", nil
	}
	s, found, err := st.Load()
	if err != nil {
		return nil, "", fmt.Errorf("could not read the saved run: %w; it is left as it was", err)
	}
	if !found {
		return nil, "", nil
	}
	return &s, "saved run", nil
}
