package live_test

import (
	"context"
	"encoding/xml"
	"net"
	"strings"
	"testing"
	"time"

	"mellium.im/sasl"
	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/roster"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/websocket"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
)

// melliumClient is one mellium.im/xmpp session and the message bodies it
// received.
type melliumClient struct {
	s      *xmpp.Session
	bodies chan string
}

// dialMellium logs user in with mellium over TCP or WebSocket. The link
// is loopback, so the session is marked secure, as the listener treats
// it, and SASL may proceed without TLS.
func dialMellium(ctx context.Context, t *testing.T, g *rig, overWS bool, user, resource string) *melliumClient {
	t.Helper()
	addr := jid.MustParse(user + "@localhost/" + resource)
	cfg := func(*xmpp.Session, *xmpp.StreamConfig) xmpp.StreamConfig {
		return xmpp.StreamConfig{Features: []xmpp.StreamFeature{
			xmpp.SASL("", "secret", sasl.ScramSha1, sasl.Plain), xmpp.BindResource(),
		}}
	}
	var s *xmpp.Session
	var err error
	if overWS {
		var conn net.Conn
		conn, err = websocket.DialDirect(ctx, "http://"+strings.TrimPrefix(strings.TrimSuffix(g.ws, live.WebSocketPath), "ws://")+"/", g.ws)
		if err != nil {
			t.Fatal(err)
		}
		s, err = xmpp.NewSession(ctx, addr.Domain(), addr, conn, xmpp.Secure, websocket.Negotiator(cfg))
	} else {
		var conn net.Conn
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", g.tcp)
		if err != nil {
			t.Fatal(err)
		}
		s, err = xmpp.NewSession(ctx, addr.Domain(), addr, conn, xmpp.Secure, xmpp.NewNegotiator(cfg))
	}
	if err != nil {
		t.Fatalf("%s: log in: %v", user, err)
	}
	c := &melliumClient{s: s, bodies: make(chan string, 16)}
	go func() {
		_ = s.Serve(xmpp.HandlerFunc(func(r xmlstream.TokenReadEncoder, start *xml.StartElement) error {
			if start.Name.Local != "message" {
				return nil
			}
			var m struct {
				Body string `xml:"body"`
			}
			if err := xml.NewTokenDecoder(xmlstream.MultiReader(xmlstream.Token(*start), r)).Decode(&m); err == nil {
				c.bodies <- m.Body
			}
			return nil
		}))
	}()
	return c
}

// TestMellium has two mellium.im/xmpp clients log in (SCRAM-SHA-1), bind,
// fetch their rosters, send presence and exchange a message, over TCP and
// over WebSocket.
func TestMellium(t *testing.T) {
	for _, tt := range []struct {
		name   string
		overWS bool
	}{{"tcp", false}, {"websocket", true}} {
		t.Run(tt.name, func(t *testing.T) {
			g, _ := start(t, live.Config{Users: []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}}})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			alice := dialMellium(ctx, t, g, tt.overWS, "alice", "mellium")
			bob := dialMellium(ctx, t, g, tt.overWS, "bob", "mellium")
			for _, c := range []*melliumClient{alice, bob} {
				if got := c.s.LocalAddr(); got.Resourcepart() == "" {
					t.Errorf("%s: no resource bound", got)
				}
				iter := roster.Fetch(ctx, c.s)
				for iter.Next() {
				}
				if err := iter.Err(); err != nil {
					t.Errorf("%s: roster: %v", c.s.LocalAddr(), err)
				}
				_ = iter.Close()
				if err := c.s.Send(ctx, stanza.Presence{}.Wrap(nil)); err != nil {
					t.Fatal(err)
				}
			}
			if err := alice.s.Send(ctx, chat(bob.s.LocalAddr().String(), "hello bob")); err != nil {
				t.Fatal(err)
			}
			select {
			case body := <-bob.bodies:
				if body != "hello bob" {
					t.Errorf("bob received %q, want %q", body, "hello bob")
				}
			case <-ctx.Done():
				t.Fatalf("bob received no message; transcript:\n%s", tail(g))
			}
			for _, c := range []*melliumClient{alice, bob} {
				_ = c.s.Close()
			}
		})
	}
}

func tail(g *rig) string {
	s := g.trans.String()
	if len(s) > 4000 {
		s = s[len(s)-4000:]
	}
	return strings.TrimSpace(s)
}

// chat is a chat message with a body, as mellium sends it.
func chat(to, body string) xml.TokenReader {
	msg := stanza.Message{To: jid.MustParse(to), Type: stanza.ChatMessage}
	return msg.Wrap(xmlstream.Wrap(xmlstream.Token(xml.CharData(body)), xml.StartElement{Name: xml.Name{Local: "body"}}))
}
