package vnet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/vnet"
)

// secureRecorder is a server that also learns of TLS handshakes.
type secureRecorder struct{ recorder }

func (r secureRecorder) Secured(c *vnet.Conn, b map[string][]byte) {
	*r.log = append(*r.log, fmt.Sprintf("%s secured %s %x", r.name, c.ID, b["tls-exporter"]))
}

// TestSecureKeepsItsPlace: a completed TLS handshake reaches the server
// in order with the connection's bytes, carries its channel bindings, is
// named "tls", and is not queued once the client has closed. A server
// that does not implement SecureEndpoint ignores it.
func TestSecureKeepsItsPlace(t *testing.T) {
	var log []string
	n := vnet.New(secureRecorder{recorder{"server", &log}})
	c := n.Dial(recorder{"client", &log})
	c.SendToServer([]byte("<starttls/>"))
	c.SecureToServer(map[string][]byte{"tls-exporter": {0xab}})
	c.SendToServer([]byte("<stream>"))
	var kinds []string
	for {
		d, ok := n.Next()
		if !ok {
			break
		}
		kinds = append(kinds, d.Kind.String())
	}
	c.CloseFromClient()
	c.SecureToServer(nil)
	if p := n.Pending(); p != 1 {
		t.Errorf("%d pending after the close, want only the close", p)
	}
	want := `server opened conn1|server got "<starttls/>" on conn1|server secured conn1 ab|server got "<stream>" on conn1`
	if got := strings.Join(log, "|"); got != want {
		t.Errorf("log\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(kinds, " "); got != "open data tls data" {
		t.Errorf("kinds = %s", got)
	}
	var plain []string
	m := vnet.New(recorder{"server", &plain})
	d := m.Dial(recorder{"client", &plain})
	d.SecureToServer(nil)
	for {
		if _, ok := m.Next(); !ok {
			break
		}
	}
	if got := strings.Join(plain, "|"); got != "server opened conn1" {
		t.Errorf("a plain server saw %s", got)
	}
}
