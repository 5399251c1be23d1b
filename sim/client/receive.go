package client

import (
	"errors"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/frame"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// Opened is part of vnet.Endpoint; clients never accept connections.
func (c *Client) Opened(*vnet.Conn) {}

// Receive parses bytes from the server and moves the client's state.
func (c *Client) Receive(conn *vnet.Conn, data []byte) {
	if conn != c.conn || c.framer == nil {
		return
	}
	c.framer.Write(data)
	for {
		ev, err := c.framer.Next()
		if errors.Is(err, frame.ErrMore) {
			return
		}
		if err != nil {
			c.lastErr = "client parse error: " + err.Error()
			return
		}
		c.handle(ev)
	}
}

// Closed records that the server closed the connection.
func (c *Client) Closed(conn *vnet.Conn) {
	if conn != c.conn {
		return
	}
	c.conn, c.state, c.jid = nil, Closed, ""
}

func (c *Client) handle(ev frame.Event) {
	switch ev.Kind {
	case frame.StreamOpen:
		c.streamID = stanza.Attr(ev.Header, "id")
	case frame.StreamClose:
		if c.state != Closing && c.conn != nil {
			c.write("</stream:stream>") // answer the server's close
		}
		c.state = Closing
	case frame.Element:
		if !c.forget {
			c.received = append(c.received, ev.Element)
		}
		c.element(ev.Element)
	}
}

func (c *Client) element(e *etree.Element) {
	if t := tokenOf(e); t != "" {
		c.token = t
	}
	switch ns := stanza.NS(e); {
	case e.Tag == "features" && ns == stanza.NSStream:
		c.features()
	case e.Tag == "error" && ns == stanza.NSStream:
		if first := firstElement(e); first != nil {
			c.lastErr = first.Tag
		}
	case ns == stanza.NSSASL && e.Tag == "success":
		c.state = Authenticated
		c.framer.Reset()
	case ns == stanza.NSSASL && e.Tag == "failure":
		if first := firstElement(e); first != nil {
			c.lastErr = first.Tag
		}
		c.state = Open
	case e.Tag == "iq" && c.state == Binding:
		c.bound(e)
	}
}

func (c *Client) features() {
	switch c.state {
	case Opening:
		c.state = Open
	case Reopening:
		c.state = Reopened
	}
}

func (c *Client) bound(iq *etree.Element) {
	if stanza.Attr(iq, "type") != "result" {
		c.lastErr = "bind failed"
		c.state = Reopened
		return
	}
	if j := iq.FindElement("bind/jid"); j != nil {
		c.jid = j.Text()
	}
	c.state = Bound
}

func firstElement(e *etree.Element) *etree.Element {
	if kids := e.ChildElements(); len(kids) > 0 {
		return kids[0]
	}
	return nil
}
