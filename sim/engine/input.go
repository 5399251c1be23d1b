package engine

import (
	"fmt"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
)

// Input is one recorded input. Exactly the fields its Op needs are set.
type Input struct {
	Op       string       `json:"op"` // one of the Op constants
	User     string       `json:"user,omitempty"`
	Password string       `json:"password,omitempty"`
	Client   *client.Spec `json:"client,omitempty"`
	Name     string       `json:"name,omitempty"`   // the client acted on
	Action   string       `json:"action,omitempty"` // the client action
	// Args are the action's arguments (ActWith), if any.
	Args     map[string]string `json:"args,omitempty"`
	Raw      string            `json:"raw,omitempty"` // raw XML sent
	Duration time.Duration     `json:"duration,omitempty"`
	ID       string            `json:"id,omitempty"` // the session dismissed
	Disabled bool              `json:"disabled,omitempty"`
	Bytes    []byte            `json:"bytes,omitempty"` // bytes received that are not UTF-8 (recv)
	// N is how many steps a step input stands for: consecutive steps are
	// recorded as one input (0 means 1).
	N int `json:"n,omitempty"`
}

// The input operations.
const (
	OpAccount = "account"
	OpClient  = "client"
	OpAct     = "act"
	OpStep    = "step"
	OpAdvance = "advance"
	OpSend    = "send"
	OpDismiss = "dismiss"
	OpDisable = "disable"
	// OpDeleteAccount deletes User's account and everything stored for it.
	OpDeleteAccount = "delete-account"
	// OpRemoveClient removes the client Name, dropping its connection.
	OpRemoveClient = "remove-client"
)

// Apply performs a recorded input.
func (e *Engine) Apply(in Input) error {
	if ok, err := e.applyExternal(in); ok {
		return err
	}
	switch in.Op {
	case OpAccount:
		return e.AddAccount(in.User, in.Password)
	case OpClient:
		if in.Client == nil {
			return fmt.Errorf("engine: client input without a spec")
		}
		_, err := e.AddClient(*in.Client)
		return err
	case OpAct:
		if in.Args != nil {
			return e.ActWith(in.Name, in.Action, in.Args)
		}
		return e.Act(in.Name, in.Action)
	case OpStep:
		for i := 0; i < max(in.N, 1); i++ {
			e.Step()
		}
		return nil
	case OpAdvance:
		e.Advance(in.Duration)
		return nil
	case OpSend:
		return e.Send(in.Name, in.Raw)
	case OpDisable:
		return e.DisableAccount(in.User, in.Disabled)
	case OpDismiss:
		e.Dismiss(in.ID)
		return nil
	case OpDeleteAccount:
		return e.DeleteAccount(in.User)
	case OpRemoveClient:
		return e.RemoveClient(in.Name)
	}
	return fmt.Errorf("engine: unknown input %q", in.Op)
}
