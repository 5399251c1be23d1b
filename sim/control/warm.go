package control

import (
	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// WarmUp runs a short throwaway run through the engine and the view
// model, and reports whether it went through. In the browser, WebAssembly
// functions are compiled on their first call, and restoring a saved run
// calls hundreds of them at once; warming up while storage opens moves
// that compiling off the path to ready. The run uses insecure
// authentication, so it derives no keys, and shares nothing with any
// other run.
func WarmUp() bool {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	tl, err := engine.NewTimeline(cfg)
	if err != nil {
		return false
	}
	view.New().Attach(tl)
	spec := client.Spec{Name: "warm", User: "warm", Password: "pw", Resource: "r"}
	if tl.Apply(engine.Input{Op: engine.OpClient, Client: &spec}) != nil {
		return false
	}
	for _, act := range []string{client.ActConnect, client.ActOpen, client.ActAuth, client.ActOpen, client.ActBind, client.ActRosterGet, client.ActPresence, client.ActClose} {
		if tl.Apply(engine.Input{Op: engine.OpAct, Name: "warm", Action: act}) != nil {
			return false
		}
		if _, err := tl.Forward(50); err != nil {
			return false
		}
	}
	return tl.Back(3) == nil
}
