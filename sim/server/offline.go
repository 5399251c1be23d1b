package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// storeOffline is mod_offline's message/offline/handle: the message is
// appended to the user's archive as routed. It reports whether it was
// kept: not when the queue holds storage_archive_item_limit messages
// (Prosody's "quota-limit") or cannot be read, and the sender then gets
// service-unavailable from mod_message.
func (s *Server) storeOffline(host, node string, e *etree.Element) bool {
	m := storage.OfflineMessage{Stanza: stanza.String(e), When: s.clock.Now().UTC()}
	return s.store.AppendOffline(host, node, m, s.cfg.ArchiveItemLimit) == nil
}

// offlineWindow bounds the bytes of offline messages sent to a session and
// not yet written to its connection. Prosody's message/offline/broadcast
// sends the whole archive at once and then deletes it; here the queue
// goes out a window at a time, each message leaving storage only once it
// is written, so that a large queue neither overflows the connection's
// write buffer nor is lost with a connection that drops during the flush.
const offlineWindow = 64 << 10

// offlineFlush is one user's queue on its way to a session.
type offlineFlush struct {
	ss       *session.Session
	next     storage.OfflinePos // where reading goes on
	written  storage.OfflinePos // every message before it is written
	inflight int                // bytes sent and not yet written
	sending  int                // messages sent and not yet written
	read     bool               // the whole queue has been read
}

// flushOffline is message/offline/broadcast: the stored messages go to the
// session, oldest first, each with a delay stamped with when it was
// stored, and are removed once written. A queue that cannot be read is
// left alone. While one resource's flush is under way, another resource's
// initial presence finds nothing, as in Prosody, where the first took all.
func (s *Server) flushOffline(ss *session.Session) {
	bare := ss.Username + "@" + ss.Host
	if s.flushes[bare] != nil {
		return
	}
	f := &offlineFlush{ss: ss}
	s.flushes[bare] = f
	s.pumpOffline(f)
}

// pumpOffline sends messages while the window has room, and ends the
// flush once everything read is written.
func (s *Server) pumpOffline(f *offlineFlush) {
	ss := f.ss
	for !f.read && f.inflight < offlineWindow {
		batch, err := s.store.ReadOffline(ss.Host, ss.Username, f.next, offlineWindow-f.inflight)
		if err != nil {
			s.endFlush(f, f.written)
			return
		}
		if len(batch) == 0 {
			f.read = true
		}
		for _, m := range batch {
			if !s.sendOffline(f, m) {
				s.endFlush(f, f.written)
				return
			}
		}
	}
	if f.read && f.sending == 0 {
		s.endFlush(f, f.next)
	}
}

// sendOffline sends one stored message; it reports false when the session
// can no longer send. A stored stanza that does not parse is skipped.
func (s *Server) sendOffline(f *offlineFlush, m storage.OfflineEntry) bool {
	f.next = m.Next
	d := etree.NewDocument()
	if d.ReadFromString(m.Stanza) != nil || d.Root() == nil {
		if f.sending == 0 {
			f.written = m.Next
		}
		return true
	}
	msg := d.Root()
	stanza.Child(msg, "delay", "xmlns", stanza.NSDelay, "from", f.ss.Host, "stamp", m.When.UTC().Format("2006-01-02T15:04:05Z"))
	var n int
	n = f.ss.SendThen(msg, func() { s.offlineWritten(f, m.Next, n) })
	if n == 0 {
		return false
	}
	f.inflight += n
	f.sending++
	return true
}

// offlineWritten is told that a message reached the connection; the flush
// goes on. A flush already ended ignores it.
func (s *Server) offlineWritten(f *offlineFlush, next storage.OfflinePos, n int) {
	if s.flushes[f.ss.Username+"@"+f.ss.Host] != f {
		return
	}
	f.inflight -= n
	f.sending--
	f.written = next
	s.pumpOffline(f)
}

// endFlush removes the messages before upto from storage and forgets the
// flush.
func (s *Server) endFlush(f *offlineFlush, upto storage.OfflinePos) {
	delete(s.flushes, f.ss.Username+"@"+f.ss.Host)
	if upto != (storage.OfflinePos{}) {
		_ = s.store.DropOffline(f.ss.Host, f.ss.Username, upto)
	}
}

// offlineUnbind ends the flush of a session that goes away: what was
// written leaves storage, the rest waits for the next initial presence.
func (s *Server) offlineUnbind(ss *session.Session, _ string) {
	if f := s.flushes[ss.Username+"@"+ss.Host]; f != nil && f.ss == ss {
		s.endFlush(f, f.written)
	}
}
