package server_test

import (
	"encoding/json"
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

// A configuration saved before an option existed gets Prosody's default
// for it; one that names it keeps its value.
func TestConfigMissingOptionsTakeDefaults(t *testing.T) {
	tests := []struct {
		name, json string
		want       int
	}{
		{"saved before the quota", `{"hosts":["example.org"],"c2s_stanza_size_limit":20000}`, 1000},
		{"a quota", `{"storage_archive_item_limit":5}`, 5},
		{"no quota", `{"storage_archive_item_limit":0}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c server.Config
			if err := json.Unmarshal([]byte(tt.json), &c); err != nil {
				t.Fatal(err)
			}
			if c.ArchiveItemLimit != tt.want {
				t.Fatalf("storage_archive_item_limit = %d, want %d", c.ArchiveItemLimit, tt.want)
			}
			if c.Mechanisms == nil || c.ConflictResolve != "kick_old" {
				t.Fatalf("the other options lost their defaults: %+v", c)
			}
		})
	}
	var c server.Config
	if err := json.Unmarshal([]byte(`{"hosts":["example.org"]}`), &c); err != nil || c.Hosts[0] != "example.org" || len(c.Hosts) != 1 {
		t.Fatalf("hosts %v, %v", c.Hosts, err)
	}
	bad := server.DefaultConfig()
	bad.ArchiveItemLimit = -1
	if bad.Validate() == nil {
		t.Fatal("a negative storage_archive_item_limit was accepted")
	}
}
