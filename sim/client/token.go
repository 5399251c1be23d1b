package client

import (
	"encoding/base64"
	"fmt"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// Token actions: ask the server for a token (bound), and log in with the
// token held, through SASL OAUTHBEARER (open, not authenticated).
const (
	ActToken     = "token"
	ActAuthToken = "auth-token"
)

// requestToken asks for a token, pinning the client's resource when it
// has one.
func (c *Client) requestToken() error {
	if c.state != Bound {
		return fmt.Errorf("%w: token request while %s", ErrNotNow, c.state)
	}
	iq := c.iq("set", "token")
	r := stanza.Child(iq, "request", "xmlns", stanza.NSTokenSrv)
	if c.Resource != "" {
		stanza.SetAttrs(r, "resource", c.Resource)
	}
	c.write(stanza.String(iq))
	return nil
}

// authToken sends the OAUTHBEARER initial response (RFC 7628) carrying
// the token held: n,a=<bare JID>,^Aauth=Bearer <token>^A^A.
func (c *Client) authToken() error {
	if c.state != Open {
		return fmt.Errorf("%w: auth-token while %s", ErrNotNow, c.state)
	}
	tok := c.Token()
	if tok == "" {
		return fmt.Errorf("%w: no token held; ask for one while bound", ErrNotNow)
	}
	msg := "n,a=" + c.User + "@" + c.Host + ",\x01auth=Bearer " + tok + "\x01\x01"
	c.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='OAUTHBEARER'>" +
		base64.StdEncoding.EncodeToString([]byte(msg)) + "</auth>")
	c.state = Authenticating
	return nil
}

// Token returns the last token the server issued to the client, kept
// across connections, or "" when it holds none.
func (c *Client) Token() string { return c.token }

// tokenOf returns the token in an iq result from the token service.
func tokenOf(e *etree.Element) string {
	if e.Tag != "iq" || stanza.Attr(e, "type") != "result" {
		return ""
	}
	for _, ch := range stanza.Children(e) {
		if ch.Tag == "token" && stanza.NS(ch) == stanza.NSTokenSrv {
			return ch.Text()
		}
	}
	return ""
}
