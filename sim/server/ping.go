package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Prosody's mod_ping (XEP-0199): a ping get to the host or to any bare JID
// of it, the user's own or another's, existing or not, is answered by the
// server with an empty result (from the JID pinged).

const nsPing = "urn:xmpp:ping"

// installPing hooks mod_ping's handlers.
func (s *Server) installPing() {
	s.hookIQ(iqBare, "get", nsPing, "ping", pong)
	s.hookIQ(iqHost, "get", nsPing, "ping", pong)
}

// pong is ping_handler: st.reply(stanza).
func pong(c *c2s, iq, _ *etree.Element) bool {
	c.sess.Send(stanza.Reply(iq))
	return true
}
