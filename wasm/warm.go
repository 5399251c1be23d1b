//go:build js && wasm

package main

import (
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// warmUp runs a short throwaway run through the engine and the view model.
// WebAssembly functions are compiled on their first call, and restoring a
// saved run calls hundreds of them at once; warming up while IndexedDB
// opens moves that compiling off the path to ready. The run uses insecure
// authentication, so it derives no keys, and touches nothing of the page's.
func warmUp() {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		return
	}
	view.New().Attach(tl)
	spec := client.Spec{Name: "warm", User: "warm", Password: "pw", Resource: "r"}
	_ = tl.Apply(engine.Input{Op: engine.OpClient, Client: &spec})
	for _, act := range []string{client.ActConnect, client.ActOpen, client.ActAuth, client.ActOpen, client.ActBind, client.ActRosterGet, client.ActPresence, client.ActClose} {
		if tl.Apply(engine.Input{Op: engine.OpAct, Name: "warm", Action: act}) != nil {
			return
		}
		_, _ = tl.Forward(50)
	}
	_ = tl.Back(3)
}
