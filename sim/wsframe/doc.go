// Package wsframe translates between XMPP over WebSocket (RFC 7395) and
// the engine's stream bytes, as Prosody's mod_websocket does: a client's
// <open/> becomes a stream header and its <close/> the stream's end;
// each chunk the server writes becomes one message, the stream header an
// <open/>, its end a <close/>, and top-level elements declare their
// namespaces. Both the listener's WebSocket endpoint and the page's
// in-tab WebSocket (a real client inside the page) use it, so that the
// two record the same inputs. It is pure: no sockets, no state.
package wsframe
