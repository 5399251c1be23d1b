package engine_test

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// ExampleEngine_ActWith has Romeo send a chat to Juliet's bare JID while
// she is offline; at her initial presence the stored message arrives with
// a delay. Replaying the recorded inputs, arguments included, puts the
// same bytes on the wire.
func ExampleEngine_ActWith() {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	e, _ := engine.New(cfg)
	var wire []string
	e.Subscribe(func(ev engine.Event) {
		if ev.Kind == engine.Wire && ev.Client == "juliet" && ev.Dir == engine.Out && ev.What == "data" {
			wire = append(wire, ev.Raw)
		}
	})
	for _, u := range []string{"romeo", "juliet"} {
		_, _ = e.AddClient(client.Spec{User: u, Password: "x", Resource: "r"})
		for _, a := range []string{"connect", "open", "auth", "open", "bind"} {
			_ = e.Act(u, a)
			e.Run(0)
		}
	}
	_ = e.ActWith("romeo", "message", map[string]string{"to": "juliet@localhost", "type": "chat", "body": "Hello", "id": "m1"})
	e.Run(0)
	_ = e.ActWith("juliet", "presence", map[string]string{"status": "here"})
	e.Run(0)
	for _, raw := range wire[len(wire)-2:] {
		fmt.Println(raw)
	}

	data, _ := json.Marshal(e.Inputs())
	var inputs []engine.Input
	_ = json.Unmarshal(data, &inputs)
	again, _ := engine.Replay(cfg, inputs)
	fmt.Println(reflect.DeepEqual(again.Client("juliet").Received(), e.Client("juliet").Received()))
	// Output:
	// <presence xml:lang='en' from='juliet@localhost/r'><status>here</status></presence>
	// <message to='juliet@localhost' type='chat' id='m1' xml:lang='en' from='romeo@localhost/r'><body>Hello</body><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2026-01-01T00:00:00Z'/></message>
	// true
}
