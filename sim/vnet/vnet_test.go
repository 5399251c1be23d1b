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

// TestQueueSlides: a queue taken from the front while it is written to
// keeps its order through the moves of its array, with drops and delays
// among them.
func TestQueueSlides(t *testing.T) {
	var log []string
	n := vnet.New(recorder{"server", &log})
	c := n.Dial(recorder{"client", &log})
	n.Next()
	var want []uint64
	next := uint64(2) // the dial was 1
	for round := range 200 {
		for range round%7 + 1 {
			c.SendToServer([]byte("x"))
			want = append(want, next)
			next++
		}
		switch {
		case round%11 == 0 && len(want) > 1:
			n.Drop(want[1])
			want = append(want[:1], want[2:]...)
		case round%13 == 0:
			n.Delay(want[0]) // one connection: everything moves, in order
		}
		for range round % 5 {
			if d, ok := n.Next(); ok {
				if d.Seq != want[0] {
					t.Fatalf("round %d: delivered %d, want %d", round, d.Seq, want[0])
				}
				want = want[1:]
			}
		}
		var got []uint64
		for _, d := range n.Queue() {
			got = append(got, d.Seq)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: queue %v, want %v", round, got, want)
		}
	}
}
