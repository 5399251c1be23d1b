package engine_test

import (
	"encoding/json"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestScenarioMarshal checks the pausing marshaller writes exactly what
// json.Marshal writes, pausing once per input.
func TestScenarioMarshal(t *testing.T) {
	cfg := engine.DefaultConfig()
	tests := []struct {
		name string
		s    engine.Scenario
	}{
		{"empty run", engine.Scenario{Config: cfg}},
		{"no inputs, empty slice", engine.Scenario{Config: cfg, Inputs: []engine.Input{}}},
		{"inputs with text to escape", engine.Scenario{Config: cfg, Position: 2, Inputs: []engine.Input{
			{Op: engine.OpAccount, User: "alice", Password: "p<&>\"w"},
			{Op: engine.OpClient, Client: &client.Spec{User: "alice", Password: "x", Resource: "r"}},
			{Op: engine.OpSend, Name: "alice", Raw: "<message><body>hi & bye</body></message>"},
			{Op: engine.OpStep, N: 40},
		}}},
		{"a lesson's run", engine.Scenario{Config: cfg, Position: 1, Lesson: "01_login_bind.scs",
			Inputs: []engine.Input{{Op: engine.OpAccount, User: "romeo", Password: "pw"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, _ := json.Marshal(tc.s)
			pauses := 0
			got, err := tc.s.Marshal(func() { pauses++ })
			if err != nil || string(got) != string(want) {
				t.Fatalf("got %s (%v)\nwant %s", got, err, want)
			}
			if pauses != len(tc.s.Inputs) {
				t.Errorf("%d pauses for %d inputs", pauses, len(tc.s.Inputs))
			}
		})
	}
}
