package engine_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// ExampleEngine_Dial brings a real client's bytes into the engine, as the
// live listener does: the connect, a stream header, and the hang-up are
// recorded inputs, and the server's answers come back as Wire events.
func ExampleEngine_Dial() {
	e, _ := engine.New(engine.DefaultConfig())
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Dir == engine.Out && ev.What == "data" {
			fmt.Println(ev.Client, "<-", len(ev.Raw), "bytes")
		}
	})
	id, _ := e.Dial("tcp1")
	_ = e.Recv("tcp1", []byte("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"))
	e.Run(0)
	_ = e.Hangup("tcp1")
	e.Run(0)
	fmt.Println(id, e.Sessions()[0].State)
	for _, in := range e.Inputs() {
		fmt.Print(in.Op, " ")
	}
	fmt.Println()
	// Output:
	// tcp1 <- 193 bytes
	// tcp1 <- 308 bytes
	// conn1 destroyed
	// dial recv step hangup step
}
