package live

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/sessionscope/sessionscope/sim/wsframe"
)

// WebSocketPath is where the WebSocket endpoint is served (Prosody's
// mod_websocket path).
const WebSocketPath = "/xmpp-websocket"

// WebSocketHandler serves XMPP over WebSocket (RFC 7395): each message is
// one element, and <open/> and <close/> stand for the stream header and
// its end, translated as Prosody's mod_websocket does.
func (r *Runner) WebSocketHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		addr := hostOf(req.RemoteAddr)
		switch r.admit(addr) {
		case "":
		case refuseAddr:
			http.Error(w, "Too many connections from your address", http.StatusTooManyRequests)
			return
		default:
			http.Error(w, "Too many connections", http.StatusServiceUnavailable)
			return
		}
		c, err := websocket.Accept(w, req, &websocket.AcceptOptions{Subprotocols: []string{"xmpp"}, OriginPatterns: loopbackOrigins})
		if err != nil {
			r.release(addr)
			return
		}
		if c.Subprotocol() != "xmpp" {
			r.release(addr)
			_ = c.Close(websocket.StatusProtocolError, "the xmpp subprotocol is required")
			return
		}
		c.SetReadLimit(int64(r.cfg.Engine.Server.StanzaSizeLimit) + 4096)
		name := "ws" + strconv.FormatInt(r.seq.Add(1), 10)
		r.start(name, addr, &wsConn{c: c, wt: r.cfg.WriteTimeout})
	})
}

// loopbackOrigins are the page origins allowed besides the endpoint's
// own: pages served on loopback, such as SessionScope's own.
var loopbackOrigins = []string{"localhost:*", "127.0.0.1:*", "[::1]:*"}

// wsConn is a WebSocket client socket.
type wsConn struct {
	c    *websocket.Conn
	wt   time.Duration
	once sync.Once
}

func (t *wsConn) Read() ([]byte, error) {
	for {
		_, p, err := t.c.Read(context.Background())
		if err != nil {
			return nil, err
		}
		if in := wsframe.FromClient(p); len(in) > 0 {
			return in, nil
		}
	}
}

// Send writes each chunk as one message; a keepalive is a ping.
func (t *wsConn) Send(items []outItem) error {
	for _, it := range items {
		if err := t.send(it); err != nil {
			return err
		}
	}
	return nil
}

func (t *wsConn) send(it outItem) error {
	ctx, cancel := context.WithTimeout(context.Background(), t.wt)
	defer cancel()
	if it.keepalive {
		return t.c.Ping(ctx)
	}
	if out := wsframe.ToClient(it.data); out != nil {
		return t.c.Write(ctx, websocket.MessageText, out)
	}
	return nil
}

// Close starts the closing handshake without waiting for it.
func (t *wsConn) Close() error {
	t.once.Do(func() {
		go func() { _ = t.c.Close(websocket.StatusNormalClosure, "") }()
	})
	return nil
}
