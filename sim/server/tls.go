package server

import (
	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// Prosody's mod_tls: the <starttls/> stream feature, the <proceed/> that
// hands the socket to TLS, and mod_c2s's marking of the session secure.
// The TLS handshake happens outside the engine, in the listener, which
// reports its completion as a recorded input (a vnet Secure delivery with
// the channel-binding data), so a recorded run replays byte for byte.

// canDoTLS is mod_tls's can_do_tls for a c2s session: not already secure
// (session.secure true), a connection that can be upgraded, and a
// certificate (Config.TLS).
func (s *Server) canDoTLS(c *c2s) bool {
	return s.cfg.TLS && !c.sess.Secure && c.conn.StartTLS
}

// tlsFeature adds <starttls/>, with <required/> under
// c2s_require_encryption, when the session can start TLS.
func (s *Server) tlsFeature(c *c2s, f *etree.Element) {
	if !s.canDoTLS(c) {
		return
	}
	st := stanza.Child(f, "starttls", "xmlns", stanza.NSTLS)
	if s.cfg.RequireEncryption {
		stanza.Child(st, "required")
	}
}

// startTLS is mod_tls's <starttls/> handler: <proceed/>, a stream reset
// and session.secure = false while the handshake runs; or, when TLS is not
// possible, <failure/> and a close.
func (s *Server) startTLS(c *c2s) {
	ss := c.sess
	if !s.canDoTLS(c) {
		ss.Send(stanza.New("failure", "xmlns", stanza.NSTLS))
		s.close(c, Reason{})
		return
	}
	ss.Send(stanza.New("proceed", "xmlns", stanza.NSTLS))
	ss.NotOpen = true
	c.framer.Reset()
	ss.TLSPending = true
	c.awaitingTLS = true
}

// Secured learns that a connection's TLS handshake completed: on a direct
// TLS port the session is secure at once (mod_c2s's onconnect); after
// STARTTLS it becomes secure at the stream restart.
func (s *Server) Secured(conn *vnet.Conn, bindings map[string][]byte) {
	c := s.conns[conn]
	if c == nil || c.sess.Destroyed {
		return
	}
	s.touch(c.sess)
	c.bindings, c.awaitingTLS = bindings, false
	if !c.sess.TLSPending {
		c.sess.Secure = true
	}
}

// AwaitingTLS reports whether the server sent <proceed/> on conn and waits
// for the TLS handshake: the listener then upgrades the socket.
func (s *Server) AwaitingTLS(conn *vnet.Conn) bool {
	c := s.conns[conn]
	return c != nil && c.awaitingTLS && !c.sess.Destroyed
}

// secureAtRestart is mod_c2s's stream-open rule: a session whose secure
// is false (STARTTLS done) becomes secure with the new stream header.
func secureAtRestart(c *c2s) {
	if c.sess.TLSPending {
		c.sess.TLSPending, c.sess.Secure = false, true
	}
}

// cbTypes are the channel-binding types in the order the
// <sasl-channel-binding/> feature lists them.
var cbTypes = []string{"tls-exporter", "tls-unique", "tls-server-end-point"}

// channelBindings returns the session's channel-binding data when it is
// secure (Prosody adds the handlers only on an encrypted session).
func (c *c2s) channelBindings() map[string][]byte {
	if !c.sess.Secure {
		return nil
	}
	return c.bindings
}

// cbFeature adds XEP-0440's <sasl-channel-binding/> listing the session's
// channel-binding types, when it has any.
func cbFeature(c *c2s, f *etree.Element) {
	cb := c.channelBindings()
	var e *etree.Element
	for _, t := range cbTypes {
		if _, ok := cb[t]; !ok {
			continue
		}
		if e == nil {
			e = stanza.Child(f, "sasl-channel-binding", "xmlns", stanza.NSSASLCB)
		}
		stanza.Child(e, "channel-binding", "type", t)
	}
}
