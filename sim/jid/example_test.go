package jid_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/jid"
)

func ExamplePrep() {
	fmt.Println(jid.Prep("Juliet@LOCALHOST./Balcony"))
	fmt.Println(jid.Prep("@localhost"))
	// Output:
	// juliet@localhost/Balcony true
	//  false
}

func ExampleSplit() {
	fmt.Println(jid.Split("server/resource@foo/bar"))
	// Output: server resource@foo/bar true
}
