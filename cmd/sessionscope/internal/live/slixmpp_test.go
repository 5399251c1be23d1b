package live_test

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
)

// slixmppPython finds a python3 that has slixmpp: Debian's
// python3-slixmpp (.ci/run installs it) is for /usr/bin/python3.
func slixmppPython(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import slixmpp").Run() == nil {
			return p
		}
	}
	t.Fatal("slixmpp is not installed: apt-get install python3-slixmpp")
	return ""
}

// runSlixmpp runs testdata/slixmpp_client.py's checks against a listener
// with accounts alice, bob and carol, and returns its output.
func runSlixmpp(t *testing.T, checks string) string {
	t.Helper()
	python := slixmppPython(t)
	users := []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}, {Name: "carol", Password: "secret"}}
	g, _ := start(t, live.Config{Users: users})
	host, port, err := net.SplitHostPort(g.tcp)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "testdata/slixmpp_client.py", host, port, checks).CombinedOutput()
	if err != nil {
		t.Fatalf("slixmpp %s checks: %v\n%s\ntranscript:\n%s", checks, err, out, tail(g))
	}
	return string(out)
}

// TestSlixmpp runs slixmpp 1.8 (Python) clients against the listener over
// TCP: they log in with SCRAM-SHA-1, fetch the roster, subscribe, send
// presence, exchange messages to full and bare JIDs (a bare JID's message
// reaching only the highest priority resource, none of negative
// priority), and a message stored offline arrives with a delay stamp of
// today's date.
func TestSlixmpp(t *testing.T) {
	out := runSlixmpp(t, "core")
	for _, want := range []string{
		"ok login: alice@localhost/slix and bob@localhost/one bound",
		"ok roster: alice's roster has 0 items",
		"ok subscribe: alice is subscribed to bob",
		"ok full JID: bob@localhost/one received a message sent to it",
		"ok bare JID:", "ok priority:",
		"ok offline: carol received alice's message stamped " + time.Now().UTC().Format("2006-01-02"),
		"done",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("slixmpp output lacks %q:\n%s", want, out)
		}
	}
}

// TestSlixmppDiscoPingCarbons has slixmpp ask the server for disco#info
// (XEP-0030) and ping it (XEP-0199), and enable carbons (XEP-0280) on one
// resource, which must then receive a copy of a message to another. The
// engine gains these modules on other branches: until they are merged,
// this test fails.
func TestSlixmppDiscoPingCarbons(t *testing.T) {
	out := runSlixmpp(t, "extras")
	for _, want := range []string{"ok disco#info:", "ok ping:", "ok carbons:", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("slixmpp output lacks %q:\n%s", want, out)
		}
	}
}
