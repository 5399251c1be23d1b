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
