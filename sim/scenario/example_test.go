package scenario_test

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/scenario"
)

// Step through a script one action at a time, as the page does.
func ExamplePlayer_Next() {
	src := []byte(`# Presence is reflected

[Client] Romeo
	jid: romeo@localhost/orchard
	password: password

-----

# Log in and bind.
Romeo connects

# Initial presence comes back to the sender.
Romeo sends:
	<presence/>

Romeo receives:
	<presence from="${Romeo's full JID}"/>
`)
	p, err := scenario.Load("reflect.scs", src, scenario.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for !p.Done() {
		o := p.Next()
		fmt.Printf("%s pass=%v %q\n", scenario.ActionLine(o.Action), o.Pass, o.Narration)
		for _, e := range o.Received {
			fmt.Println("  got", e.Tag, e.SelectAttrValue("from", ""))
		}
	}
	// Output:
	// Romeo connects pass=true ["Log in and bind."]
	// Romeo sends: pass=true ["Initial presence comes back to the sender."]
	// Romeo receives: pass=true []
	//   got presence romeo@localhost/orchard
}

// Run a built-in lesson to the end.
func ExampleLesson_Player() {
	l, err := scenario.FindLesson("offline_messages")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := l.Player(scenario.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	outs, failure := p.Run()
	fmt.Println(l.Title)
	fmt.Println(len(outs), "actions, passed:", failure == nil)
	// Output:
	// Offline messages
	// 22 actions, passed: true
}
