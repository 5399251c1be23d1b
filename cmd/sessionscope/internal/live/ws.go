package live

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// The namespaces of RFC 7395 framing.
const (
	nsFraming = "urn:ietf:params:xml:ns:xmpp-framing"
	nsStream  = "http://etherx.jabber.org/streams"
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
		if in := fromClient(p); len(in) > 0 {
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
	if out := toClient(it.data); out != nil {
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

// startTag reads the first start tag of p without resolving namespaces.
func startTag(p []byte) (xml.StartElement, bool) {
	d := xml.NewDecoder(bytes.NewReader(p))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return xml.StartElement{}, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true
		case xml.CharData, xml.ProcInst, xml.Comment:
			continue
		default:
			return xml.StartElement{}, false
		}
	}
}

// fromClient turns a client's message into stream bytes: <open/> becomes
// a stream header and <close/> the stream's end; anything else passes
// unchanged.
func fromClient(p []byte) []byte {
	if !bytes.Contains(p, []byte(nsFraming)) {
		return p
	}
	se, ok := startTag(p)
	if !ok || se.Name.Space != "" || attr(se, "", "xmlns") != nsFraming {
		return p
	}
	switch se.Name.Local {
	case "close":
		return []byte("</stream:stream>")
	case "open":
		var b strings.Builder
		b.WriteString("<stream:stream xmlns:stream='" + nsStream + "' xmlns='jabber:client'")
		for _, a := range se.Attr {
			if a.Name.Space == "" && a.Name.Local == "xmlns" {
				continue
			}
			name := a.Name.Local
			if a.Name.Space != "" {
				name = a.Name.Space + ":" + name
			}
			b.WriteString(" " + name + "='" + escape(a.Value) + "'")
		}
		b.WriteString(">")
		return []byte(b.String())
	}
	return p
}

// toClient turns one chunk of server output into a WebSocket message:
// the stream header becomes <open/>, its end <close/>, and top-level
// elements declare their namespaces. Whitespace gives nil.
func toClient(p []byte) []byte {
	s := strings.TrimSpace(string(p))
	s = strings.TrimPrefix(s, "<?xml version='1.0'?>")
	switch {
	case s == "":
		return nil
	case s == "</stream:stream>":
		return []byte("<close xmlns='" + nsFraming + "'/>")
	case strings.HasPrefix(s, "<stream:stream"):
		return []byte(openTag(s))
	case strings.HasPrefix(s, "<stream:"):
		return []byte(declare(s, "xmlns:stream='"+nsStream+"'"))
	case strings.HasPrefix(s, "<"):
		end := strings.IndexByte(s, '>')
		if end > 0 && !strings.Contains(s[:end], " xmlns=") {
			return []byte(declare(s, "xmlns='jabber:client'"))
		}
	}
	return []byte(s)
}

// openTag writes the <open/> that stands for a stream header.
func openTag(header string) string {
	se, _ := startTag([]byte(header))
	var b strings.Builder
	b.WriteString("<open xmlns='" + nsFraming + "'")
	for _, name := range []string{"xml:lang", "version", "id", "from", "to"} {
		space, local, _ := strings.Cut(name, ":")
		if local == "" {
			space, local = "", name
		}
		for _, a := range se.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				b.WriteString(" " + name + "='" + escape(a.Value) + "'")
			}
		}
	}
	b.WriteString("/>")
	return b.String()
}

// declare adds an attribute to the top-level element's start tag.
func declare(s, attribute string) string {
	i := strings.IndexAny(s, " />")
	if i < 0 {
		return s
	}
	return s[:i] + " " + attribute + s[i:]
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// escape writes an attribute value for single quotes.
func escape(v string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(v))
	return strings.ReplaceAll(b.String(), "'", "&apos;")
}
