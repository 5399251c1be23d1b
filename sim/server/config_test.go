package server_test

import (
	"encoding/json"
	"testing"

	"github.com/sessionscope/sessionscope/sim/server"
)

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
