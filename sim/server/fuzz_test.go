package server_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/vnet"
)

// FuzzServer sends arbitrary bytes, in two chunks, from one client at each
// stage of its life. The server must never panic, must answer a broken
// stream with a stream error and a close, and must keep serving another
// client bound on the same server.
func FuzzServer(f *testing.F) {
	for _, seed := range []string{
		"", "<message/>", "<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>",
		"<presence><priority>5</priority></presence>", "</stream:stream>", "<!--x-->",
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHJvbWVvAHNlY3JldA==</auth>",
		"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>",
		"<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='OAUTHBEARER'>biwsAWF1dGg9QmVhcmVyIGZvbwEB</auth><response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>AQ==</response>",
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1-PLUS'>cD10bHMtZXhwb3J0ZXIsLG49cm9tZW8scj1hYmM=</auth>",
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>=AHJv bWVv\nAHNlY3JldA</auth>",
		"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><presence/>",
	} {
		for stage := uint8(0); stage < 4; stage++ {
			f.Add(stage, seed, uint16(len(seed)/2))
		}
	}
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	cfg.Server.TLS = true // c may answer <starttls/> with <proceed/>
	f.Fuzz(func(t *testing.T, stage uint8, data string, split uint16) {
		h := &harness{t: t, cfg: cfg, clients: map[string]*rawClient{}}
		h.directive("account romeo secret")
		h.directive("connect witness")
		h.directive("login witness romeo secret home")
		h.directive("connect c starttls")
		c := h.client("c")
		prelude := []string{"", "$H", "$H<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHJvbWVvAHNlY3JldA==</auth>$H",
			"$H<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHJvbWVvAHNlY3JldA==</auth>$H<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"}
		h.send(c, macros.Replace(prelude[int(stage)%len(prelude)]))
		cut := int(split) % (len(data) + 1)
		c.conn.SendToServer([]byte(data[:cut]))
		c.conn.SendToServer([]byte(data[cut:]))
		h.engine().Run(0)
		for i, chunk := range c.inbox {
			if strings.HasPrefix(chunk, "<stream:error>") && (i+2 >= len(c.inbox) || c.inbox[i+1] != "</stream:stream>") {
				t.Fatalf("a stream error not followed by the close: %q", c.inbox)
			}
		}
		witnessServed(t, h)
	})
}

func witnessServed(t *testing.T, h *harness) {
	t.Helper()
	w := h.client("witness")
	w.inbox = nil
	w.conn.SendToServer([]byte("<iq type='set' id='w'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"))
	h.engine().Run(0)
	if len(w.inbox) != 1 || w.inbox[0] != "<iq type='result' id='w' to='romeo@localhost/home'/>" {
		t.Fatalf("the witness was harmed: %q", w.inbox)
	}
}

var _ vnet.Endpoint = (*rawClient)(nil)
