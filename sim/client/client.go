package client

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/frame"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// State is where the client is in its lifecycle.
type State string

// The client's states.
const (
	Offline        State = "offline"        // no connection
	Connected      State = "connected"      // TCP connected, no stream
	Opening        State = "opening"        // header sent, features not yet received
	Open           State = "open"           // features received, not authenticated
	Authenticating State = "authenticating" // <auth> sent
	Authenticated  State = "authenticated"  // <success/> received: the stream must restart
	Reopening      State = "reopening"      // restart header sent
	Reopened       State = "reopened"       // post-auth features received
	Binding        State = "binding"        // bind iq sent
	Bound          State = "bound"          // bind result received
	Closing        State = "closing"        // </stream:stream> sent
	Closed         State = "closed"         // connection closed
)

// Actions a client can take, as the page and the console name them.
const (
	ActConnect   = "connect"
	ActOpen      = "open"
	ActAuth      = "auth"
	ActAuthWrong = "auth-wrong"
	ActBind      = "bind"
	ActClose     = "close"
	ActDrop      = "drop"
)

// Actions lists every action name.
var Actions = []string{ActConnect, ActOpen, ActAuth, ActAuthWrong, ActBind, ActClose, ActDrop, ActToken, ActAuthToken}

// Spec describes a client to create.
type Spec struct {
	Name     string `json:"name"`
	User     string `json:"user"`
	Password string `json:"password"`
	Resource string `json:"resource"`
	Host     string `json:"host"`
}

// Client is one simulated client.
type Client struct {
	Spec
	state    State
	conn     *vnet.Conn
	framer   *frame.Framer
	jid      string
	streamID string
	received []*etree.Element
	forget   bool   // keeps no received elements (Forget)
	token    string // the last token the server issued
	lastErr  string
	iqSeq    int
}

// New returns an offline client.
func New(spec Spec) *Client {
	if spec.Host == "" {
		spec.Host = "localhost"
	}
	return &Client{Spec: spec, state: Offline}
}

// State returns the client's lifecycle state.
func (c *Client) State() State { return c.state }

// JID returns the full JID the server bound, once bound.
func (c *Client) JID() string { return c.jid }

// Conn returns the client's current connection, or nil.
func (c *Client) Conn() *vnet.Conn { return c.conn }

// LastError returns the last stream or SASL error the client saw.
func (c *Client) LastError() string { return c.lastErr }

// Received returns the elements received so far (none after Forget).
func (c *Client) Received() []*etree.Element { return c.received }

// Forget makes the client keep none of the elements it receives, for an
// engine whose clients nobody reads them back from: a timeline's, which
// keeps a spare engine too (with 10,000 clients logged in, they hold 36
// MB). What the client acts on (its state, JID, last error and token) is
// kept as before.
func (c *Client) Forget() { c.forget, c.received = true, nil }

// ErrNotNow is returned for an action the client cannot take in its state.
var ErrNotNow = errors.New("client: action not possible now")

// Next returns the lifecycle action that moves the client on from its
// state, or "" when it is waiting for the server.
func (c *Client) Next() string {
	switch c.state {
	case Offline, Closed:
		return ActConnect
	case Connected, Authenticated:
		return ActOpen
	case Open:
		return ActAuth
	case Reopened:
		return ActBind
	case Bound:
		return ActClose
	}
	return ""
}

// Act performs an action, writing to the network through n.
func (c *Client) Act(n *vnet.Network, action string) error {
	switch action {
	case ActConnect:
		return c.connect(n)
	case ActOpen:
		return c.open()
	case ActAuth:
		return c.auth(c.Password)
	case ActAuthWrong:
		return c.auth(c.Password + "-wrong")
	case ActBind:
		return c.bind()
	case ActClose:
		return c.closeStream()
	case ActDrop:
		return c.drop()
	case ActRosterGet, ActRosterSet, ActRosterRemove, ActPresence, ActSubscribe, ActSubscribed, ActUnsubscribe, ActUnsubscribed, ActMessage:
		return c.stanzaAction(action, nil)
	case ActToken:
		return c.requestToken()
	case ActAuthToken:
		return c.authToken()
	}
	return fmt.Errorf("client: unknown action %q", action)
}

func (c *Client) connect(n *vnet.Network) error {
	if c.state != Offline && c.state != Closed {
		return fmt.Errorf("%w: connect while %s", ErrNotNow, c.state)
	}
	c.conn = n.Dial(c)
	c.framer = frame.New(0)
	c.state, c.jid, c.streamID, c.lastErr = Connected, "", "", ""
	return nil
}

// Header returns the stream header the client sends.
func (c *Client) Header() string {
	return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='" +
		stanza.Escape(c.Host) + "' version='1.0'>"
}

func (c *Client) open() error {
	switch c.state {
	case Connected:
		c.state = Opening
	case Authenticated:
		c.state = Reopening
	default:
		return fmt.Errorf("%w: open while %s", ErrNotNow, c.state)
	}
	c.write(c.Header())
	return nil
}

func (c *Client) auth(password string) error {
	if c.state != Open {
		return fmt.Errorf("%w: auth while %s", ErrNotNow, c.state)
	}
	payload := base64.StdEncoding.EncodeToString([]byte("\x00" + c.User + "\x00" + password))
	c.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + payload + "</auth>")
	c.state = Authenticating
	return nil
}

func (c *Client) bind() error {
	if c.state != Reopened {
		return fmt.Errorf("%w: bind while %s", ErrNotNow, c.state)
	}
	iq := c.iq("set", "bind")
	b := stanza.Child(iq, "bind", "xmlns", stanza.NSBind)
	if c.Resource != "" {
		stanza.TextChild(b, "resource", c.Resource)
	}
	c.write(stanza.String(iq))
	c.state = Binding
	return nil
}

func (c *Client) closeStream() error {
	if c.conn == nil || c.state == Closing || c.state == Closed || c.state == Connected {
		return fmt.Errorf("%w: close while %s", ErrNotNow, c.state)
	}
	c.write("</stream:stream>")
	c.state = Closing
	return nil
}

func (c *Client) drop() error {
	if c.conn == nil || c.state == Closed {
		return fmt.Errorf("%w: drop while %s", ErrNotNow, c.state)
	}
	c.conn.CloseFromClient()
	c.conn, c.state, c.jid = nil, Closed, ""
	return nil
}

// Send writes raw text to the server, exactly as given.
func (c *Client) Send(raw string) error {
	if c.conn == nil {
		return fmt.Errorf("%w: not connected", ErrNotNow)
	}
	c.write(raw)
	return nil
}

func (c *Client) write(s string) {
	c.conn.SendToServer([]byte(s))
}
