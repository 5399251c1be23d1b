package server_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestDiscoScripts runs the scripts in testdata/disco (service discovery,
// pings and carbons, in the testdata/im format) against the default
// configuration, whose modules_enabled is Prosody's default.
func TestDiscoScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/disco/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			newIMHarness(t, engine.DefaultConfig()).runFile(file)
		})
	}
}
