package server

import (
	"errors"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/clock"
	"github.com/sessionscope/sessionscope/sim/frame"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/sasl"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// c2s is the listener's per-connection state: the session and what mod_c2s
// and mod_saslauth keep beside it.
type c2s struct {
	sess         *session.Session
	conn         *vnet.Conn
	framer       *frame.Framer
	mech         sasl.Mechanism // sasl_handler
	saslResource string
	timeout      *clock.Timer
	closeTimer   *clock.Timer
	lang         string // the stream's xml:lang, "en" when the client gave none
	// bindings is the channel-binding data of the connection's TLS, by type.
	bindings map[string][]byte
	// awaitingTLS is set from <proceed/> until the TLS handshake completes.
	awaitingTLS bool
	// authFailures counts failed authentications (mod_limit_auth).
	authFailures int
}

// Reason is why a session is closed: Prosody's close(reason) argument. The
// zero Reason is nil (a clean close by the server); Client marks a close
// the client started (false in Prosody).
type Reason struct {
	Client    bool
	Condition string
	Text      string
	Extra     *etree.Element
}

func (r Reason) isNil() bool { return !r.Client && r.Condition == "" }

// text is Prosody's reason_text: the text, else the condition.
func (r Reason) text() string {
	if r.Text != "" {
		return r.Text
	}
	return r.Condition
}

// Opened accepts a new connection (listener.onconnect).
func (s *Server) Opened(conn *vnet.Conn) {
	ss := &session.Session{
		ID: "c2s" + s.ids.Hex(6), Conn: conn, ConnID: conn.ID,
		NotOpen: true, Type: session.TypeUnauthed,
	}
	c := &c2s{sess: ss, conn: conn, framer: frame.New(s.cfg.StanzaSizeLimit)}
	s.conns[conn] = c
	s.bySession[ss] = c
	s.ordered = append(s.ordered, ss)
	s.touch(ss)
	if d := s.cfg.Timeout.Duration(); d > 0 {
		c.timeout = s.clock.AfterFunc(d, "c2s_timeout "+ss.ID, func() {
			if !ss.Destroyed && ss.Type == session.TypeUnauthed {
				s.close(c, Reason{Condition: "connection-timeout"})
			}
		})
	}
}

// Receive feeds bytes from a client into its session's stream parser and
// handles every complete event (session.data and the stream callbacks).
func (s *Server) Receive(conn *vnet.Conn, data []byte) {
	c := s.conns[conn]
	if c == nil || c.sess.Destroyed {
		return
	}
	c.framer.Write(data)
	for !c.sess.Destroyed {
		ev, err := c.framer.Next()
		if errors.Is(err, frame.ErrMore) {
			return
		}
		if err != nil {
			s.streamError(c, err)
			return
		}
		s.handle(c, ev)
	}
}

func (s *Server) handle(c *c2s, ev frame.Event) {
	s.touch(c.sess)
	switch ev.Kind {
	case frame.StreamOpen:
		s.streamOpened(c, ev.Header)
	case frame.StreamClose:
		s.close(c, Reason{Client: true})
	case frame.Element:
		if ev.Element.Tag == "error" && stanza.NS(ev.Element) == stanza.NSStream {
			s.close(c, Reason{}) // the client sent a stream error: close(nil)
			return
		}
		s.process(c, ev.Element)
	}
}

func (s *Server) streamError(c *c2s, err error) {
	var fe *frame.Error
	if !errors.As(err, &fe) {
		s.close(c, Reason{Condition: "not-well-formed"})
		return
	}
	r := Reason{Condition: fe.Condition}
	if fe.Condition == "policy-violation" {
		r.Text = "XML stanza is too big"
		r.Extra = stanza.New("stanza-too-big", "xmlns", stanza.NSErrors)
	}
	s.close(c, r)
}

// Closed handles the client closing the TCP connection
// (listener.ondisconnect).
func (s *Server) Closed(conn *vnet.Conn) {
	c := s.conns[conn]
	if c == nil {
		return
	}
	delete(s.conns, conn)
	delete(s.bySession, c.sess)
	if !c.sess.Destroyed {
		s.touch(c.sess)
		s.destroy(c, "closed")
	}
	c.sess.Conn = nil
}

// streamOpened answers a stream header (stream_callbacks._streamopened).
func (s *Server) streamOpened(c *c2s, h *etree.Element) {
	ss := c.sess
	to := h.SelectAttr("to")
	if to == nil {
		s.close(c, Reason{Condition: "improper-addressing", Text: "A 'to' attribute is required on stream headers"})
		return
	}
	host, ok := jid.Nameprep(to.Value)
	if !ok {
		s.close(c, Reason{Condition: "improper-addressing", Text: "A valid 'to' attribute is required on stream headers"})
		return
	}
	if ss.Host == "" {
		ss.Host = host
	} else if ss.Host != host {
		s.close(c, Reason{Condition: "not-authorized", Text: "The 'to' attribute must remain the same across stream restarts"})
		return
	}
	ss.Version = parseVersion(stanza.Attr(h, "version"))
	c.lang = "en"
	if lang := stanza.Attr(h, "xml:lang"); lang != "" {
		c.lang = lang
	}
	ss.StreamID = s.ids.UUID()
	if !s.cfg.serves(ss.Host) {
		s.close(c, Reason{Condition: "host-unknown", Text: "This server does not serve " + ss.Host})
		return
	}
	s.openStream(ss, stanza.Attr(h, "from"))
	ss.NotOpen = false
	secureAtRestart(c)
	features, ok := s.featuresText(c)
	if !ok {
		s.close(c, Reason{Condition: "undefined-condition", Text: "No stream features to proceed with"})
		return
	}
	ss.SendRaw(features)
}

// parseVersion is Lua's tonumber(version) or 0.
func parseVersion(v string) float64 {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	return f
}

// openStream sends the XML declaration and the response header
// (session:open_stream): version only when the client's was a number
// above 0, the stream id (empty when none), from the session's host when
// known, to the client's 'from' when it sent one.
func (s *Server) openStream(ss *session.Session, to string) {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?><stream:stream xmlns:stream='" + stanza.NSStream +
		"' xml:lang='en' xmlns='" + stanza.NSClient + "'")
	if ss.Version > 0 {
		b.WriteString(" version='1.0'")
	}
	b.WriteString(" id='" + stanza.Escape(ss.StreamID) + "'")
	if ss.Host != "" {
		b.WriteString(" from='" + stanza.Escape(ss.Host) + "'")
	}
	if to != "" {
		b.WriteString(" to='" + stanza.Escape(to) + "'")
	}
	b.WriteByte('>')
	ss.SendRaw(b.String())
}

// close is Prosody's session_close.
func (s *Server) close(c *c2s, r Reason) {
	ss := c.sess
	if ss.Destroyed {
		return
	}
	s.touch(ss)
	if ss.Conn == nil {
		s.destroy(c, r.text())
		return
	}
	if ss.NotOpen {
		s.openStream(ss, "")
	}
	if r.Condition != "" {
		ss.Error = r.Condition
		ss.Send(stanza.StreamError(r.Condition, r.Text, r.Extra))
	}
	ss.SendRaw("</stream:stream>")
	if r.isNil() && !ss.NotOpen && ss.Type == session.TypeBound {
		ss.Closing = true
		c.closeTimer = s.clock.AfterFunc(s.cfg.CloseTimeout.Duration(), "c2s_close_timeout "+ss.ID, func() {
			if !ss.Destroyed {
				s.destroy(c, "")
				s.hangUp(c)
			}
		})
		return
	}
	s.destroy(c, r.text())
	s.hangUp(c)
}

// hangUp closes the server's side of the connection and forgets it: bytes
// the client still sends are ignored.
func (s *Server) hangUp(c *c2s) {
	c.conn.CloseFromServer()
	delete(s.conns, c.conn)
	delete(s.bySession, c.sess)
}
