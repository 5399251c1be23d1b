package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// storeOffline is mod_offline's message/offline/handle: the message is
// appended to the user's queue as routed. It reports whether it was kept.
func (s *Server) storeOffline(host, node string, e *etree.Element) bool {
	m := storage.OfflineMessage{Stanza: stanza.String(e), When: s.clock.Now().UTC()}
	return s.store.AppendOffline(host, node, m) == nil
}

// flushOffline is message/offline/broadcast: every stored message goes to
// the session with a delay stamped with when it was stored, and the queue
// is deleted. A queue that cannot be read is left alone.
func (s *Server) flushOffline(ss *session.Session) {
	queue, err := s.store.Offline(ss.Host, ss.Username)
	if err != nil || len(queue) == 0 {
		return
	}
	for _, m := range queue {
		d := etree.NewDocument()
		if d.ReadFromString(m.Stanza) != nil || d.Root() == nil {
			continue
		}
		msg := d.Root()
		stanza.Child(msg, "delay", "xmlns", stanza.NSDelay, "from", ss.Host, "stamp", m.When.UTC().Format("2006-01-02T15:04:05Z"))
		ss.Send(msg)
	}
	_ = s.store.DeleteOffline(ss.Host, ss.Username)
}
