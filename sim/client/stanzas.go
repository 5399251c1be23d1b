package client

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/stanza"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// Actions a bound client takes by sending a stanza. Each takes arguments
// through ActWith (all optional unless said):
//
//	roster-get     ver
//	roster-set     jid (required), name, groups (comma-separated)
//	roster-remove  jid (required)
//	presence       show, status, priority, type (e.g. unavailable), to (directed)
//	subscribe, subscribed, unsubscribe, unsubscribed   to (required)
//	message        to, type (chat, normal, headline...), body, id
const (
	ActRosterGet    = "roster-get"
	ActRosterSet    = "roster-set"
	ActRosterRemove = "roster-remove"
	ActPresence     = "presence"
	ActSubscribe    = "subscribe"
	ActSubscribed   = "subscribed"
	ActUnsubscribe  = "unsubscribe"
	ActUnsubscribed = "unsubscribed"
	ActMessage      = "message"
)

// StanzaActions lists the actions that send a stanza, in the order a
// page shows them.
var StanzaActions = []string{
	ActRosterGet, ActRosterSet, ActRosterRemove, ActPresence,
	ActSubscribe, ActSubscribed, ActUnsubscribe, ActUnsubscribed, ActMessage,
}

// ActWith performs an action with arguments; actions that take none
// ignore them.
func (c *Client) ActWith(n *vnet.Network, action string, args map[string]string) error {
	for _, a := range StanzaActions {
		if a == action {
			return c.stanzaAction(action, args)
		}
	}
	return c.Act(n, action)
}

// stanzaAction builds and sends the stanza for a stanza action.
func (c *Client) stanzaAction(action string, args map[string]string) error {
	if c.state != Bound || c.conn == nil {
		return fmt.Errorf("%w: %s while %s", ErrNotNow, action, c.state)
	}
	e, err := c.buildStanza(action, args)
	if err != nil {
		return err
	}
	c.write(stanza.String(e))
	return nil
}

func (c *Client) buildStanza(action string, args map[string]string) (*etree.Element, error) {
	switch action {
	case ActRosterGet:
		iq := c.iq("get", "roster")
		stanza.Child(iq, "query", "xmlns", stanza.NSRoster, "ver", args["ver"])
		return iq, nil
	case ActRosterSet, ActRosterRemove:
		return c.rosterSet(action, args)
	case ActPresence:
		return presenceStanza(args), nil
	case ActMessage:
		return c.message(args), nil
	}
	if args["to"] == "" {
		return nil, fmt.Errorf("client: %s needs a 'to'", action)
	}
	return stanza.New("presence", "to", args["to"], "type", action), nil
}

// iq starts an iq of the given type with a fresh id: prefix and the
// client's stanza counter.
func (c *Client) iq(typ, prefix string) *etree.Element {
	c.iqSeq++
	return stanza.New("iq", "type", typ, "id", fmt.Sprintf("%s%d", prefix, c.iqSeq))
}

func (c *Client) rosterSet(action string, args map[string]string) (*etree.Element, error) {
	if args["jid"] == "" {
		return nil, fmt.Errorf("client: %s needs a 'jid'", action)
	}
	iq := c.iq("set", "roster")
	q := stanza.Child(iq, "query", "xmlns", stanza.NSRoster)
	if action == ActRosterRemove {
		stanza.Child(q, "item", "jid", args["jid"], "subscription", "remove")
		return iq, nil
	}
	item := stanza.Child(q, "item", "jid", args["jid"], "name", args["name"])
	for _, g := range strings.Split(args["groups"], ",") {
		if g = strings.TrimSpace(g); g != "" {
			stanza.TextChild(item, "group", g)
		}
	}
	return iq, nil
}

func presenceStanza(args map[string]string) *etree.Element {
	p := stanza.New("presence", "to", args["to"], "type", args["type"])
	for _, k := range []string{"show", "status", "priority"} {
		if args[k] != "" {
			stanza.TextChild(p, k, args[k])
		}
	}
	return p
}

func (c *Client) message(args map[string]string) *etree.Element {
	id := args["id"]
	if id == "" {
		c.iqSeq++
		id = fmt.Sprintf("m%d", c.iqSeq)
	}
	m := stanza.New("message", "to", args["to"], "type", args["type"], "id", id)
	if args["body"] != "" {
		stanza.TextChild(m, "body", args["body"])
	}
	return m
}
