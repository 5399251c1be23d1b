package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/sessionscope/sessionscope/sim/client"
)

// Op names the operation of an input. Its values are what saved and
// shared runs carry in their "op" fields.
type Op string

// Input is one recorded input. Exactly the fields its Op needs are set.
type Input struct {
	Op       Op           `json:"op"` // one of the Op constants
	User     string       `json:"user,omitempty"`
	Password string       `json:"password,omitempty"`
	Client   *client.Spec `json:"client,omitempty"`
	Name     string       `json:"name,omitempty"`   // the client acted on
	Action   string       `json:"action,omitempty"` // the client action
	// Args are the action's arguments (ActWith), if any.
	Args     map[string]string `json:"args,omitempty"`
	Raw      string            `json:"raw,omitempty"` // raw XML sent
	Duration time.Duration     `json:"duration,omitempty"`
	// ID is the session dismissed (dismiss), or the sequence number of
	// the delivery dropped or delayed (drop, delay).
	ID       string `json:"id,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	Bytes    []byte `json:"bytes,omitempty"` // bytes received that are not UTF-8 (recv)
	// N is how many steps a step input stands for: consecutive steps are
	// recorded as one input (0 means 1); for written, how many chunks
	// were written.
	N int `json:"n,omitempty"`
	// StartTLS marks a dial whose connection can be upgraded to TLS.
	StartTLS bool `json:"starttls,omitempty"`
	// Addr is a dial's remote address, as its listener saw it.
	Addr string `json:"addr,omitempty"`
	// Bindings are a tls input's channel-binding data by type.
	Bindings map[string][]byte `json:"bindings,omitempty"`
}

// The input operations. The external connections' (OpDial, OpRecv,
// OpHangup) are in external.go.
const (
	OpAccount Op = "account"
	OpClient  Op = "client"
	OpAct     Op = "act"
	OpStep    Op = "step"
	OpAdvance Op = "advance"
	OpSend    Op = "send"
	OpDismiss Op = "dismiss"
	OpDisable Op = "disable"
	// OpDeleteAccount deletes User's account and everything stored for it.
	OpDeleteAccount Op = "delete-account"
	// OpRemoveClient removes the client Name, dropping its connection.
	OpRemoveClient Op = "remove-client"
	// OpDrop removes a pending delivery (ID holds its sequence number).
	OpDrop Op = "drop"
	// OpDelay moves a pending delivery behind the others (ID as for drop).
	OpDelay Op = "delay"
)

// Apply performs a recorded input: it is the one place where every Op is
// dispatched, for Replay, the Timeline and listeners alike. The input is
// recorded (Inputs) and reported to observers by the method it calls.
// An unknown Op is an error naming it.
func (e *Engine) Apply(in Input) error {
	switch in.Op {
	case OpAccount:
		return e.AddAccount(in.User, in.Password)
	case OpClient:
		return e.applyClient(in)
	case OpAct:
		return e.applyAct(in)
	case OpStep:
		return e.steps(max(in.N, 1))
	case OpAdvance:
		e.Advance(in.Duration)
		return nil
	case OpSend:
		return e.Send(in.Name, in.Raw)
	case OpDismiss:
		e.Dismiss(in.ID)
		return nil
	case OpDisable:
		return e.DisableAccount(in.User, in.Disabled)
	case OpDeleteAccount:
		return e.DeleteAccount(in.User)
	case OpRemoveClient:
		return e.RemoveClient(in.Name)
	case OpDrop, OpDelay:
		return e.applyFault(in)
	case OpDial:
		_, err := e.DialFrom(in.Name, in.Addr, in.StartTLS)
		return err
	case OpTLS:
		return e.Secure(in.Name, in.Bindings)
	case OpRecv:
		return e.applyRecv(in)
	case OpHangup:
		return e.Hangup(in.Name)
	case OpWritten:
		return e.Written(in.Name, in.N)
	}
	return fmt.Errorf("engine: unknown input %q", in.Op)
}

func (e *Engine) applyClient(in Input) error {
	if in.Client == nil {
		return fmt.Errorf("engine: client input without a spec")
	}
	_, err := e.AddClient(*in.Client)
	return err
}

func (e *Engine) applyAct(in Input) error {
	if in.Args != nil {
		return e.ActWith(in.Name, in.Action, in.Args)
	}
	return e.Act(in.Name, in.Action)
}

func (e *Engine) applyFault(in Input) error {
	seq, err := strconv.ParseUint(in.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("engine: bad delivery number %q", in.ID)
	}
	if in.Op == OpDrop {
		return e.Drop(seq)
	}
	return e.Delay(seq)
}

func (e *Engine) applyRecv(in Input) error {
	data := in.Bytes
	if data == nil {
		data = []byte(in.Raw)
	}
	return e.Recv(in.Name, data)
}

// String describes the input in a few words, for people: "alice connect",
// "add account bob", "drop delivery 12", "step ×3". An unknown Op is
// described by its name.
func (in Input) String() string {
	switch in.Op {
	case OpAccount:
		return "add account " + in.User
	case OpClient:
		return "add client " + in.clientName()
	case OpAct:
		return in.Name + " " + in.Action
	case OpStep:
		return in.steps()
	case OpAdvance:
		return "advance the clock " + in.Duration.String()
	case OpSend:
		return in.Name + " sends raw XML"
	case OpDismiss:
		return "dismiss " + in.ID
	case OpDisable:
		return in.disable()
	case OpDeleteAccount:
		return "delete account " + in.User
	case OpRemoveClient:
		return "remove client " + in.Name
	case OpDrop, OpDelay:
		return string(in.Op) + " delivery " + in.ID
	case OpDial, OpRecv, OpHangup, OpTLS:
		return string(in.Op) + " " + in.Name
	case OpWritten:
		return in.Name + " wrote " + strconv.Itoa(in.N) + " chunk(s)"
	}
	if in.Op == "" {
		return "an input without an op"
	}
	return string(in.Op)
}

// clientName is the name a client input's client goes by: its spec's
// name, else its user name.
func (in Input) clientName() string {
	switch {
	case in.Client == nil:
		return "(no spec)"
	case in.Client.Name != "":
		return in.Client.Name
	}
	return in.Client.User
}

func (in Input) steps() string {
	if in.N > 1 {
		return "step ×" + strconv.Itoa(in.N)
	}
	return "step"
}

func (in Input) disable() string {
	if in.Disabled {
		return "disable account " + in.User
	}
	return "enable account " + in.User
}
