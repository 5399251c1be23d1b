package engine

import "github.com/sessionscope/sessionscope/sim/vnet"

// The names of external connections, for hosts that attach sockets to
// them (the page's in-tab WebSockets, sim/control) and views that label
// their deliveries.

// ConnOf returns the network's identifier for the open external
// connection named name, or "" when there is none.
func (e *Engine) ConnOf(name string) string {
	if conn := e.ext.byName[name]; conn != nil {
		return conn.ID
	}
	return ""
}

// NameOf names a connection's client, a simulated client or an external
// connection, as its events do; "" for a connection unknown.
func (e *Engine) NameOf(conn *vnet.Conn) string { return e.connName(conn) }
