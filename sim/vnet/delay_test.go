package vnet_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/vnet"
)

func TestDelayKeepsPerConnectionOrder(t *testing.T) {
	var log []string
	n := vnet.New(recorder{"server", &log})
	a := n.Dial(recorder{"a", &log})
	b := n.Dial(recorder{"b", &log})
	a.SendToServer([]byte("a1"))
	b.SendToServer([]byte("b1"))
	a.SendToServer([]byte("a2"))
	a.SendToClient([]byte("to-a"))
	q := n.Queue()
	if !n.Delay(q[2].Seq) { // a1
		t.Fatal("Delay did not find a1")
	}
	if n.Delay(9999) {
		t.Fatal("Delay found a delivery that does not exist")
	}
	for {
		if _, ok := n.Next(); !ok {
			break
		}
	}
	want := strings.Join([]string{
		"server opened conn1", "server opened conn2",
		`server got "b1" on conn2`, `a got "to-a" on conn1`,
		`server got "a1" on conn1`, `server got "a2" on conn1`,
	}, "\n")
	if got := strings.Join(log, "\n"); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
