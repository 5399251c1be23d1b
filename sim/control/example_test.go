package control_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/control"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// A board takes console calls as the page's window.sessionscope does, and
// builds the frame the page paints.
func Example() {
	b, err := control.New(engine.DefaultConfig())
	if err != nil {
		panic(err)
	}
	name, _ := b.Call("addClient", control.Args{`{"user":"alice","password":"secret","resource":"home"}`})
	for _, act := range []string{"connect", "open", "auth", "open", "bind"} {
		_, _ = b.Call("act", control.Args{name.(string), act})
		_, _ = b.Call("step", nil)
	}
	f := b.Frame(view.Window{Hi: 10})
	s := f.Sessions[0]
	fmt.Println(s.Title(), s.State, s.Field("full_jid").Text)
	fmt.Println(f.PositionText())
	// Output:
	// alice — session c2sf28c6ef4e0d6 bound alice@localhost/home
	// step 18 / 18
}
