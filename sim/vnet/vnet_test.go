package vnet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/vnet"
)

type recorder struct {
	name string
	log  *[]string
}

func (r recorder) Opened(c *vnet.Conn) { *r.log = append(*r.log, r.name+" opened "+c.ID) }
func (r recorder) Receive(c *vnet.Conn, b []byte) {
	*r.log = append(*r.log, fmt.Sprintf("%s got %q on %s", r.name, b, c.ID))
}
func (r recorder) Closed(c *vnet.Conn) { *r.log = append(*r.log, r.name+" closed "+c.ID) }

var _ vnet.Endpoint = recorder{}

func TestDeliveriesAreFIFO(t *testing.T) {
	var log []string
	n := vnet.New(recorder{"server", &log})
	c := n.Dial(recorder{"client", &log})
	c.SendToServer([]byte("hello"))
	c.SendToClient([]byte("hi"))
	c.CloseFromClient()
	c.SendToServer([]byte("after close")) // discarded
	c.SendToClient([]byte("late"))        // still delivered: TCP half-close
	c.CloseFromServer()
	for {
		if _, ok := n.Next(); !ok {
			break
		}
	}
	want := strings.Join([]string{
		"server opened conn1",
		`server got "hello" on conn1`,
		`client got "hi" on conn1`,
		"server closed conn1",
		`client got "late" on conn1`,
		"client closed conn1",
	}, "\n")
	if got := strings.Join(log, "\n"); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDrop(t *testing.T) {
	var log []string
	n := vnet.New(recorder{"server", &log})
	c := n.Dial(recorder{"client", &log})
	c.SendToServer([]byte("a"))
	q := n.Queue()
	if len(q) != 2 || !n.Drop(q[1].Seq) || n.Drop(q[1].Seq) {
		t.Fatalf("drop failed: %+v", q)
	}
	n.Next()
	if _, ok := n.Next(); ok || len(log) != 1 {
		t.Fatalf("log %v", log)
	}
}

// SendToClientThen's callback runs when the bytes are delivered; on a held
// connection, only when Written confirms them, oldest first.
func TestWrittenCallbacks(t *testing.T) {
	var log []string
	n := vnet.New(recorder{"server", &log})
	plain, held := n.Dial(recorder{"plain", &log}), n.Dial(recorder{"held", &log})
	held.Hold()
	note := func(s string) func() { return func() { log = append(log, s) } }
	plain.SendToClientThen([]byte("a"), note("a written"))
	held.SendToClientThen([]byte("b"), note("b written"))
	held.SendToClientThen([]byte("c"), note("c written"))
	held.SendToClient([]byte("d"))
	for {
		if _, ok := n.Next(); !ok {
			break
		}
	}
	log = append(log, "--")
	if got := held.Written(5); got != 2 {
		t.Fatalf("Written confirmed %d, want the 2 waiting", got)
	}
	want := strings.Join([]string{
		"server opened conn1", "server opened conn2",
		`plain got "a" on conn1`, "a written",
		`held got "b" on conn2`, `held got "c" on conn2`, `held got "d" on conn2`,
		"--", "b written", "c written",
	}, "\n")
	if got := strings.Join(log, "\n"); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if !held.Held() || plain.Held() {
		t.Fatal("Held does not report Hold")
	}
}
