package session

import (
	"strconv"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// The session types Prosody uses, in lifecycle order.
const (
	TypeUnauthed  = "c2s_unauthed"
	TypeUnbound   = "c2s_unbound"
	TypeBound     = "c2s"
	TypeDestroyed = "c2s_destroyed"
)

// Conn is what a session sends through.
type Conn interface {
	SendToClient(data []byte)
	// SendToClientThen sends as SendToClient does, and calls written once
	// the bytes are written to the client's connection.
	SendToClientThen(data []byte, written func())
	CloseFromServer()
}

// Session is one client-to-server session. Fields hold Prosody's values;
// the empty string, a nil pointer, false and a nil element mean "nil" in
// Prosody (unset).
type Session struct {
	ID       string // "c2s" + hex, as Prosody names sessions
	StreamID string // the current stream's id (a UUID v4)

	Conn       Conn   // the connection; nil once closed
	ConnID     string // the connection's name, for display
	NotOpen    bool   // true while no stream header has been answered for the current stream
	Type       string
	Username   string
	Host       string
	Resource   string
	FullJID    string
	Priority   *int
	Presence   *etree.Element
	Interested bool
	Roster     *Roster
	// WantCarbons is mod_carbons' want_carbons: the carbons namespace once
	// the client enabled carbons; "" is nil, and also Prosody's false
	// after a disable.
	WantCarbons string

	// Version is the number from the client's stream header (0 if absent).
	Version float64
	// Error is the condition that ended the session, kept for display.
	Error string
	// Closing is set while a server-initiated clean close waits for the
	// client's </stream:stream> (Prosody's grace period).
	Closing bool
	// Destroyed is set once the session is retired.
	Destroyed bool
	// AuthMech names the SASL mechanism that authenticated the session.
	AuthMech string
	// SASLMech names a multi-step mechanism in progress (Prosody's
	// sasl_handler.selected).
	SASLMech string
	// Secure is Prosody's session.secure: true once the connection is
	// encrypted (direct TLS at connect, or the stream restart after a
	// STARTTLS handshake).
	Secure bool
	// TLSPending is session.secure == false: <proceed/> was sent and the
	// TLS handshake and stream restart have not both happened yet.
	TLSPending bool
	// Token holds, for display, the claims of the token the session logged
	// in with (OAUTHBEARER); nil for any other login.
	Token []TokenClaim
}

// The lifecycle states of a c2s session, as the page names them, from the
// fields mod_c2s, mod_saslauth and sessionmanager set.
const (
	StateConnected     = "connected"        // TCP accepted, no stream yet
	StateOpen          = "stream open"      // the stream is open, unauthenticated
	StateSASL          = "sasl in progress" // a multi-step SASL mechanism is under way
	StateAuthenticated = "authenticated"    // SASL succeeded: waiting for the stream restart
	StateUnbound       = "open, unbound"    // restarted, no resource bound yet
	StateBound         = "bound"            // a resource is bound
	StateClosing       = "closing"          // the server closed the stream and waits for the client
	StateDestroyed     = "destroyed"        // retired: every field but the id wiped
)

// Roster is a user's contact list, shared by all of the user's resources
// (Prosody's roster table: items keyed by JID plus the roster[false]
// metadata of version and pending inbound requests).
type Roster struct {
	// Version counts saves: 0 is Prosody's nil (never saved), and a get
	// then reports ver='1', as does the roster after its first save.
	Version int `json:"version,omitempty"`
	// Items are the contacts, in the order they were added.
	Items []Item `json:"items"`
	// Pending are inbound subscription requests not yet answered, in
	// arrival order. They are not roster items.
	Pending []Pending `json:"pending,omitempty"`
}

// Item is one roster entry.
type Item struct {
	JID          string   `json:"jid"`
	Name         string   `json:"name,omitempty"`
	Subscription string   `json:"subscription"`       // none, to, from or both
	Ask          string   `json:"ask,omitempty"`      // "subscribe" while a request is out
	Approved     bool     `json:"approved,omitempty"` // a stored pre-approval (never shown to clients)
	Groups       []string `json:"groups,omitempty"`
}

// Pending is an inbound subscription request kept whole, as Prosody keeps
// the preserialized stanza so extension children survive.
type Pending struct {
	JID    string `json:"jid"`
	Stanza string `json:"stanza,omitempty"` // the request as received; empty means Prosody's true
}

// Item returns the item for a bare JID, or nil.
func (r *Roster) Item(jid string) *Item {
	for i := range r.Items {
		if r.Items[i].JID == jid {
			return &r.Items[i]
		}
	}
	return nil
}

// Add returns the item for jid, appending a new one with subscription
// "none" when there is none.
func (r *Roster) Add(jid string) *Item {
	if it := r.Item(jid); it != nil {
		return it
	}
	r.Items = append(r.Items, Item{JID: jid, Subscription: "none"})
	return &r.Items[len(r.Items)-1]
}

// Remove deletes the item for jid and reports whether there was one.
func (r *Roster) Remove(jid string) bool {
	for i := range r.Items {
		if r.Items[i].JID == jid {
			r.Items = append(r.Items[:i], r.Items[i+1:]...)
			return true
		}
	}
	return false
}

// PendingFrom returns the pending inbound request from jid, or nil.
func (r *Roster) PendingFrom(jid string) *Pending {
	for i := range r.Pending {
		if r.Pending[i].JID == jid {
			return &r.Pending[i]
		}
	}
	return nil
}

// ClearPending forgets the pending request from jid and reports whether
// there was one.
func (r *Roster) ClearPending(jid string) bool {
	for i := range r.Pending {
		if r.Pending[i].JID == jid {
			r.Pending = append(r.Pending[:i], r.Pending[i+1:]...)
			return true
		}
	}
	return false
}

// Clone returns a deep copy of the roster.
func (r *Roster) Clone() *Roster {
	if r == nil {
		return nil
	}
	c := &Roster{Version: r.Version, Pending: append([]Pending(nil), r.Pending...)}
	c.Items = make([]Item, len(r.Items))
	for i, it := range r.Items {
		it.Groups = append([]string(nil), it.Groups...)
		c.Items[i] = it
	}
	return c
}

// Send serialises the element the way Prosody does and writes it to the
// connection. It reports false when the session can no longer send.
func (s *Session) Send(e *etree.Element) bool {
	if !s.writable() {
		return false
	}
	s.Conn.SendToClient(stanza.Bytes(e))
	return true
}

// SendThen sends e as Send does and calls written once it is written to
// the client's connection (never, if the connection closes first). It
// returns the number of bytes sent, 0 when the session can no longer send.
func (s *Session) SendThen(e *etree.Element, written func()) int {
	if !s.writable() {
		return 0
	}
	b := stanza.Bytes(e)
	s.Conn.SendToClientThen(b, written)
	return len(b)
}

// SendRaw writes raw text (a stream header, a closing tag).
func (s *Session) SendRaw(text string) bool {
	if !s.writable() {
		return false
	}
	s.Conn.SendToClient([]byte(text))
	return true
}

// writable reports whether the session can still write to its connection.
func (s *Session) writable() bool { return s.Conn != nil && !s.Closing && !s.Destroyed }

// IsConnected reports whether the session is a connected resource: bound
// to a full JID.
func (s *Session) IsConnected() bool { return s.FullJID != "" && !s.Destroyed }

// IsAvailable reports whether the session is an available resource: it has
// sent available presence that is still in force.
func (s *Session) IsAvailable() bool { return s.IsConnected() && s.Presence != nil }

// IsInterested reports whether the session is an interested resource: it
// has requested the roster.
func (s *Session) IsInterested() bool { return s.IsConnected() && s.Interested }

// State names the session's lifecycle state, read from its fields.
func (s *Session) State() string {
	switch {
	case s.Destroyed:
		return StateDestroyed
	case s.Closing:
		return StateClosing
	case s.Type == TypeBound:
		return StateBound
	case s.Type == TypeUnbound && s.NotOpen:
		return StateAuthenticated
	case s.Type == TypeUnbound:
		return StateUnbound
	case s.NotOpen:
		return StateConnected
	case s.SASLMech != "":
		return StateSASL
	}
	return StateOpen
}

// Retire wipes every field but the id, as Prosody's retire_session does,
// and marks the session destroyed.
func (s *Session) Retire() {
	*s = Session{ID: s.ID, Type: TypeDestroyed, Destroyed: true, Error: s.Error, ConnID: s.ConnID}
}

func itoa(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
