package engine

import (
	"strconv"

	"github.com/sessionscope/sessionscope/sim/client"
)

// Crowd adds n clients, named crowd1, crowd2, … after the clients there
// are, each with an account unless the server uses insecure
// authentication, and logs every one in: each lifecycle action for all of
// them, then steps until idle, action after action. It is a quick way to
// watch a server with many sessions; every part of it is a recorded input.
func (t *Timeline) Crowd(n int) error {
	insecure := t.cfg.Server.Authentication == "insecure"
	first := len(t.eng.Clients())
	for i := range n {
		t.breathe()
		user := "crowd" + strconv.Itoa(first+i+1)
		if !insecure {
			if err := t.Apply(Input{Op: OpAccount, User: user, Password: "pw"}); err != nil {
				return err
			}
		}
		spec := client.Spec{Name: user, User: user, Password: "pw", Resource: "r"}
		if err := t.Apply(Input{Op: OpClient, Client: &spec}); err != nil {
			return err
		}
	}
	cs := t.eng.Clients()[first:]
	for _, act := range []string{client.ActConnect, client.ActOpen, client.ActAuth, client.ActOpen, client.ActBind} {
		for _, c := range cs {
			t.breathe()
			if err := t.Apply(Input{Op: OpAct, Name: c.Name, Action: act}); err != nil {
				return err
			}
		}
		if _, err := t.Forward(1 << 30); err != nil {
			return err
		}
	}
	return nil
}
