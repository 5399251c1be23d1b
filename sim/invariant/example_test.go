package invariant_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/invariant"
	"github.com/sessionscope/sessionscope/sim/session"
)

func ExampleCheck() {
	sessions := []*session.Session{
		{ID: "c2s1", Type: session.TypeUnbound, Username: "romeo", Host: "localhost"},
		// A resource before bind breaks the state table.
		{ID: "c2s2", Type: session.TypeUnbound, Username: "juliet", Host: "localhost", Resource: "balcony"},
	}
	for _, r := range invariant.Check(sessions) {
		fmt.Println(r.Holds, r.Name, r.Broken)
	}
	// Output:
	// true no username before auth []
	// false bound ⇔ resource and full JID [c2s2]
	// true priority ⇔ presence []
	// true interested and available are bound []
	// true destroyed keeps only its id []
	// true one session per full JID []
}
