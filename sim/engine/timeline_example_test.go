package engine_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// A timeline steps back by replaying the run from its seed, and a new
// input in the past forks the run.
func ExampleTimeline() {
	tl, err := engine.NewTimeline(engine.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range []engine.Input{
		{Op: engine.OpAccount, User: "alice", Password: "secret"},
		{Op: engine.OpClient, Client: &client.Spec{User: "alice", Password: "secret"}},
		{Op: engine.OpAct, Name: "alice", Action: client.ActConnect},
		{Op: engine.OpStep},
		{Op: engine.OpAct, Name: "alice", Action: client.ActOpen},
		{Op: engine.OpStep},
	} {
		if err := tl.Apply(in); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(tl.Position())
	fmt.Println(tl.Engine().Sessions()[0].State)
	_ = tl.Back(2)
	fmt.Println(tl.Position())
	fmt.Println(tl.Engine().Sessions()[0].State)
	_ = tl.Apply(engine.Input{Op: engine.OpAct, Name: "alice", Action: client.ActDrop})
	fmt.Println(tl.Position())
	// Output:
	// 6 6
	// stream open
	// 4 6
	// connected
	// 5 5
}

// A scenario travels in a URL fragment.
func ExampleEncodeFragment() {
	s := engine.Scenario{Config: engine.DefaultConfig(), Inputs: []engine.Input{{Op: engine.OpAccount, User: "bob", Password: "pw"}}, Position: 1}
	text, err := engine.EncodeFragment(deflate.Packer{}, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := engine.DecodeFragment(deflate.Packer{}, text)
	fmt.Println(err, back.Position, back.Inputs[0].User, back.Config.Server.ConflictResolve)
	// Output: <nil> 1 bob kick_old
}
