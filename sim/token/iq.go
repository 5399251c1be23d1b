package token

import (
	"time"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/stanza"
)

// handleIQ answers a token request from a bound session.
func (m *Module) handleIQ(c *server.Conn, iq, payload *etree.Element) bool {
	if payload.Tag != "request" {
		c.Send(stanza.ErrorReply(iq, "cancel", "feature-not-implemented", ""))
		return true
	}
	if stanza.Attr(iq, "type") != "set" {
		c.Send(stanza.ErrorReply(iq, "modify", "bad-request", "A token request is an iq of type set"))
		return true
	}
	ss := c.Session()
	r := Request{Username: ss.Username}
	if stanza.HasAttr(payload, "resource") {
		res, ok := jid.Resourceprep(stanza.Attr(payload, "resource"), false)
		if !ok || res == "" {
			c.Send(stanza.ErrorReply(iq, "modify", "bad-request", "Invalid resource"))
			return true
		}
		r.Resource = res
	}
	tok, claims, err := m.Issue(ss.Host, r)
	if err != nil {
		c.Send(stanza.ErrorReply(iq, "wait", "internal-server-error", ""))
		return true
	}
	reply := stanza.Reply(iq)
	stanza.TextChild(reply, "token", tok, "xmlns", stanza.NSTokenSrv,
		"expires", claims.Expiration.UTC().Format(time.RFC3339), "jti", claims.ID)
	c.Send(reply)
	return true
}
