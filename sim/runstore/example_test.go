package runstore_test

import (
	"fmt"

	"github.com/hack-pad/hackpadfs/mem"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
)

func Example() {
	fsys, _ := mem.NewFS()
	st := runstore.New(fsys)
	run := engine.Scenario{Config: engine.DefaultConfig(), Inputs: []engine.Input{{Op: engine.OpAccount, User: "alice", Password: "pw"}}, Position: 1}
	_ = st.Save(run, func() {})
	_ = st.SaveNamed("before the exam", run, func() {})
	back, found, _ := st.Load()
	named, _ := st.Named()
	fmt.Println(found, back.Inputs[0], runstore.Title(named[0]))
	// Output: true add account alice before the exam
}
