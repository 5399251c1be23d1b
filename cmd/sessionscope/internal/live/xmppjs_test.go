package live_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
)

// nodeModules is where `make node-deps` installs @xmpp/client.
const nodeModules = "../../../../build/node_modules"

// TestXMPPJS runs testdata/xmppjs.mjs: two @xmpp/client 0.14.0 clients,
// under Node, log in, bind, fetch their rosters, send presence and
// exchange a message, over TCP and over WebSocket.
func TestXMPPJS(t *testing.T) {
	if _, err := os.Stat(filepath.Join(nodeModules, "@xmpp/client/index.js")); err != nil {
		t.Fatalf("@xmpp/client is not installed: run make node-deps (%v)", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required: %v", err)
	}
	users := []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}}
	for _, tt := range []struct {
		name    string
		service func(g *rig) string
	}{
		{"tcp", func(g *rig) string { return "xmpp://" + g.tcp }},
		{"websocket", func(g *rig) string { return g.ws }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, _ := start(t, live.Config{Users: users})
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "--experimental-websocket", "testdata/xmppjs.mjs", tt.service(g), nodeModules)
			out, err := cmd.CombinedOutput()
			text := string(out)
			if err != nil {
				t.Fatalf("node: %v\n%s\ntranscript:\n%s", err, text, tail(g))
			}
			for _, want := range []string{
				"alice online alice@localhost/xmppjs", "bob online bob@localhost/xmppjs",
				"alice roster 0 items", "alice presence sent",
				"bob received hello from xmpp.js from alice@localhost/xmppjs",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("node output lacks %q:\n%s", want, text)
				}
			}
		})
	}
}
