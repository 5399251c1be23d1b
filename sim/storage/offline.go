package storage

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/hack-pad/hackpadfs"
)

// OfflineMessage is a message stored for a user with no available
// resource (mod_offline): the stanza as routed and when it was stored.
type OfflineMessage struct {
	Stanza string    `json:"stanza"`
	When   time.Time `json:"when"`
}

// ErrQuota is returned by AppendOffline when the user's queue holds the
// most messages allowed: Prosody's archive stores answer "quota-limit".
var ErrQuota = errors.New("storage: quota-limit")

// A queue is kept as Prosody 13 keeps mod_offline's archive: appended to,
// never rewritten for a new message. <user>.jsonl holds one JSON object a
// line, oldest first. <user>.json is the layout before it (one JSON array,
// rewritten whole for each message); it is still read, as the head of the
// queue, and never written again except to remove delivered messages.
func offlineList(host, user string) string {
	return path.Join(host, "offline", user+".jsonl")
}

func offlineLegacy(host, user string) string {
	return path.Join(host, "offline", user+".json")
}

// OfflinePos is a position in a user's queue: the zero value is its start.
type OfflinePos struct {
	legacy int   // messages of the legacy file before the position
	offset int64 // bytes of the list file before the position
}

// OfflineEntry is a stored message and the position just after it.
type OfflineEntry struct {
	OfflineMessage
	Next OfflinePos
}

// Offline returns a user's stored messages, oldest first. A file that
// cannot be read is an error and is left untouched.
func (s *Store) Offline(host, user string) ([]OfflineMessage, error) {
	entries, err := s.ReadOffline(host, user, OfflinePos{}, -1)
	if err != nil {
		return nil, err
	}
	out := make([]OfflineMessage, len(entries))
	for i, e := range entries {
		out[i] = e.OfflineMessage
	}
	return out, nil
}

// ReadOffline returns the messages from position from on, oldest first,
// stopping once their stanzas reach maxBytes (at least one message is
// returned when there is one; maxBytes < 0 reads to the end). A last line
// without its newline is an append that never finished, and is not read.
func (s *Store) ReadOffline(host, user string, from OfflinePos, maxBytes int) ([]OfflineEntry, error) {
	var out []OfflineEntry
	size := 0
	full := func() bool { return maxBytes >= 0 && size >= maxBytes }
	legacy, err := s.legacyOffline(host, user)
	if err != nil {
		return nil, err
	}
	for i := from.legacy; i < len(legacy) && !full(); i++ {
		out = append(out, OfflineEntry{legacy[i], OfflinePos{legacy: i + 1}})
		size += len(legacy[i].Stanza)
	}
	if full() {
		return out, nil
	}
	name := offlineList(host, user)
	f, err := s.fs.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	defer f.Close()
	pos := OfflinePos{legacy: len(legacy), offset: from.offset}
	if _, err := hackpadfs.SeekFile(f, pos.offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	r := bufio.NewReader(f)
	for !full() {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, nil // nothing more, or an unfinished append
		}
		if err != nil {
			return nil, fmt.Errorf("storage: %w", err)
		}
		var m OfflineMessage
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("storage: %s at byte %d: %w", name, pos.offset, err)
		}
		pos.offset += int64(len(line))
		out = append(out, OfflineEntry{m, pos})
		size += len(m.Stanza)
	}
	return out, nil
}

func (s *Store) legacyOffline(host, user string) ([]OfflineMessage, error) {
	var q []OfflineMessage
	if _, err := s.ReadJSON(offlineLegacy(host, user), &q); err != nil {
		return nil, err
	}
	return q, nil
}

// OfflineCount returns how many messages a user's queue holds. Counts are
// remembered, as Prosody's archive_item_count_cache does, so that an
// append costs the same however long the queue is.
func (s *Store) OfflineCount(host, user string) (int, error) {
	key := offlineList(host, user)
	if n, ok := s.counts[key]; ok {
		return n, nil
	}
	legacy, err := s.legacyOffline(host, user)
	if err != nil {
		return 0, err
	}
	lines, err := s.countLines(key)
	if err != nil {
		return 0, err
	}
	n := len(legacy) + lines
	s.setCount(key, n)
	return n, nil
}

// countLines counts the whole lines of a list file, reading one line at a
// time; a line that is not JSON makes the queue unreadable.
func (s *Store) countLines(name string) (int, error) {
	f, err := s.fs.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("storage: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for n := 0; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return n, nil // the end, or an unfinished append
		}
		if err != nil {
			return 0, fmt.Errorf("storage: %w", err)
		}
		if !json.Valid(line) {
			return 0, fmt.Errorf("storage: %s: line %d is not JSON", name, n+1)
		}
	}
}

func (s *Store) setCount(key string, n int) {
	if s.counts == nil || len(s.counts) >= maxCachedCounts {
		s.counts = make(map[string]int)
	}
	s.counts[key] = n
}

// maxCachedCounts bounds the queue-length cache (Prosody's
// storage_archive_item_limit_cache_size defaults to 1000); past it the
// cache starts over.
const maxCachedCounts = 1000

// AppendOffline adds a message to the end of a user's queue by appending
// one line to its file. A queue already holding limit messages refuses it
// with ErrQuota; a queue that cannot be read refuses it with that error,
// and nothing is written. A failed append is cut off again.
func (s *Store) AppendOffline(host, user string, m OfflineMessage, limit int) error {
	n, err := s.OfflineCount(host, user)
	if err != nil {
		return err
	}
	if n >= limit {
		return ErrQuota
	}
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false) // stanzas stay readable: < is not \u003c
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("storage: encode: %w", err)
	}
	name := offlineList(host, user)
	if err := s.appendLine(name, line.Bytes()); err != nil {
		delete(s.counts, name)
		return err
	}
	s.setCount(name, n+1)
	return nil
}

// appendLine appends a newline-terminated line to name. An unfinished line
// left at the end by an interrupted append is cut off first, and a write
// that fails is cut off again, so the file only ever holds whole lines.
func (s *Store) appendLine(name string, line []byte) error {
	if err := hackpadfs.MkdirAll(s.fs, path.Dir(name), 0o700); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	f, err := hackpadfs.OpenFile(s.fs, name, hackpadfs.FlagReadWrite|hackpadfs.FlagCreate|hackpadfs.FlagAppend, 0o600)
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	defer f.Close()
	size, err := wholeLines(f)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", name, err)
	}
	if _, err := hackpadfs.WriteFile(f, line); err != nil {
		_ = hackpadfs.TruncateFile(f, size)
		return fmt.Errorf("storage: %w", err)
	}
	return nil
}

// wholeLines returns the size of f up to its last newline, cutting off
// anything after it.
func wholeLines(f hackpadfs.File) (int64, error) {
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := info.Size()
	if size == 0 {
		return 0, nil
	}
	last := make([]byte, 1)
	if _, err := hackpadfs.ReadAtFile(f, last, size-1); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if last[0] == '\n' {
		return size, nil
	}
	data := make([]byte, size)
	if _, err := hackpadfs.ReadAtFile(f, data, 0); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	keep := int64(bytes.LastIndexByte(data, '\n') + 1)
	return keep, hackpadfs.TruncateFile(f, keep)
}

// DropOffline removes the messages before position upto, once they have
// been delivered; messages stored since stay. The rest of each file is
// written again atomically, or the file removed when nothing is left.
func (s *Store) DropOffline(host, user string, upto OfflinePos) error {
	delete(s.counts, offlineList(host, user))
	if upto.legacy > 0 {
		legacy, err := s.legacyOffline(host, user)
		if err != nil {
			return err
		}
		if err := s.keepTail(offlineLegacy(host, user), legacy[min(upto.legacy, len(legacy)):]); err != nil {
			return err
		}
	}
	if upto.offset == 0 {
		return nil
	}
	return s.cutHead(offlineList(host, user), upto.offset)
}

// cutHead removes the first n bytes of name, copying the rest to a
// temporary file renamed over it, or removes name when nothing is left.
func (s *Store) cutHead(name string, n int64) error {
	f, err := s.fs.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if n >= info.Size() {
		return s.Remove(name)
	}
	if _, err := hackpadfs.SeekFile(f, n, io.SeekStart); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	return s.writeAtomic(name, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
}

// keepTail writes the legacy file again with the messages left, or removes
// it when none are.
func (s *Store) keepTail(name string, rest []OfflineMessage) error {
	if len(rest) == 0 {
		return s.Remove(name)
	}
	return s.WriteJSON(name, rest)
}

// DeleteOffline removes a user's queue.
func (s *Store) DeleteOffline(host, user string) error {
	delete(s.counts, offlineList(host, user))
	return errors.Join(s.Remove(offlineLegacy(host, user)), s.Remove(offlineList(host, user)))
}

// OfflineQueues lists the users of a host with stored messages, sorted.
func (s *Store) OfflineQueues(host string) ([]string, error) {
	entries, err := hackpadfs.ReadDir(s.fs, path.Join(host, "offline"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	seen := make(map[string]bool)
	var names []string
	for _, e := range entries {
		n, ok := strings.CutSuffix(e.Name(), ".jsonl")
		if !ok {
			n, ok = strings.CutSuffix(e.Name(), ".json")
		}
		if ok && !e.IsDir() && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}
