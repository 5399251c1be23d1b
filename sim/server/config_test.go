package server_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/server"
)

// TestConfigModules checks modules_enabled: Prosody's default list of the
// simulated modules, and a refusal naming any module SessionScope does not
// simulate.
func TestConfigModules(t *testing.T) {
	def := server.DefaultConfig()
	if got := strings.Join(def.Modules, ","); got != "disco,roster,saslauth,carbons,ping" {
		t.Fatalf("default modules_enabled = %s", got)
	}
	for _, m := range []string{"disco", "carbons", "ping", "roster"} {
		if !def.Loaded(m) {
			t.Errorf("default config does not load %s", m)
		}
	}
	tests := []struct {
		name    string
		modules []string
		err     string
	}{
		{"default", def.Modules, ""},
		{"none (an old saved run)", nil, ""},
		{"shared comparison config", []string{"roster", "saslauth", "disco", "ping", "presence", "message", "iq"}, ""},
		{"not simulated", []string{"disco", "mam"}, `server: module "mam" is not simulated`},
		{"empty name", []string{""}, `server: module "" is not simulated`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := server.DefaultConfig()
			c.Modules = tt.modules
			err := c.Validate()
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.err)):
				t.Fatalf("Validate = %v, want %s...", err, tt.err)
			}
		})
	}
}
