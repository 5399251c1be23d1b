package engine_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// Example takes one client from connect to a bound resource and prints
// the session's type, and whether full_jid is set, after each action.
func Example() {
	e, _ := engine.New(engine.DefaultConfig())
	_ = e.AddAccount("alice", "secret")
	_, _ = e.AddClient(client.Spec{User: "alice", Password: "secret", Resource: "laptop"})
	for _, action := range []string{"connect", "open", "auth", "open", "bind"} {
		_ = e.Act("alice", action)
		e.Run(0) // deliver everything pending
		s := e.Sessions()[0]
		fmt.Println(action, s.Field("type").Text, s.Field("full_jid").Set)
	}
	// Output:
	// connect c2s_unauthed false
	// open c2s_unauthed false
	// auth c2s_unbound false
	// open c2s_unbound false
	// bind c2s true
}
