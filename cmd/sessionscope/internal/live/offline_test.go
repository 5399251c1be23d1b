package live_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	osfs "github.com/hack-pad/hackpadfs/os"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// offlineCount reads how many messages wait for user, on the engine
// goroutine.
func offlineCount(t *testing.T, g *rig, user string) int {
	t.Helper()
	n := -1
	err := g.r.Do(func(e *engine.Engine) {
		q, err := e.Server().Store().Offline("localhost", user)
		if err != nil {
			t.Error(err)
		}
		n = len(q)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitOffline polls until user's queue holds want messages.
func waitOffline(t *testing.T, g *rig, user string, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for offlineCount(t, g, user) != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s's queue holds %d messages, want %d", user, offlineCount(t, g, user), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestOfflineFlushLargerThanQueue: eight messages of 150 KB, 1.2 MB in
// all, wait for bob on disk (listen -data); his connection's write queue
// holds 256 KiB. When bob comes online, every message reaches him, his
// connection stays up, and the queue is empty once they are written. (The
// whole queue used to be sent at once: the write queue overflowed, bob was
// dropped after two or three messages, and the queue was already deleted.
// With the default 1 MiB queue the same happens whenever the writer falls
// behind, which this smaller queue makes certain.)
func TestOfflineFlushLargerThanQueue(t *testing.T) {
	const queueBytes = 256 << 10
	root := osfs.NewFS()
	dir, err := root.FromOSPath(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	if cfg.FS, err = root.Sub(dir); err != nil {
		t.Fatal(err)
	}
	g, _ := start(t, live.Config{Engine: cfg, QueueBytes: queueBytes, Users: []live.User{{Name: "alice", Password: "secret"}, {Name: "bob", Password: "secret"}}})
	alice := dialRaw(t, g.tcp)
	alice.login("alice", "desk")
	body := strings.Repeat("x", 150_000)
	const count = 8
	for i := 1; i <= count; i++ {
		alice.send("<message to='bob@localhost' type='chat' id='o" + strconv.Itoa(i) + "'><body>" + body + "</body></message>")
	}
	waitOffline(t, g, "bob", count)

	// Bob pauses before he reads what his presence brings.
	bob := dialRaw(t, g.tcp)
	bob.login("bob", "laptop")
	bob.send("<presence/>")
	time.Sleep(300 * time.Millisecond)
	got := readMessages(t, bob, count, func() string { return fmt.Sprint(sessions(t, g), offlineCount(t, g, "bob")) })
	for i := 1; i <= count; i++ {
		if !strings.Contains(got, "id='o"+strconv.Itoa(i)+"'") {
			t.Errorf("message o%d never reached bob", i)
		}
	}
	waitOffline(t, g, "bob", 0)
	bob.got.Reset()
	bob.send("<iq type='get' id='still-up'><ping xmlns='urn:xmpp:ping'/></iq>")
	bob.until("id='still-up'")
}

// readMessages reads until n messages have ended, and returns what was
// read; it fails, without printing megabytes, if the connection ends or
// stalls first.
func readMessages(t *testing.T, c *raw, n int, dbg func() string) string {
	t.Helper()
	_ = c.c.SetReadDeadline(time.Now().Add(20 * time.Second))
	var got strings.Builder
	buf := make([]byte, 64<<10)
	for strings.Count(got.String(), "</message>") < n {
		k, err := c.r.Read(buf)
		got.Write(buf[:k])
		if err != nil {
			t.Fatalf("after %d bytes and %d messages: %v %s", got.Len(), strings.Count(got.String(), "</message>"), err, dbg())
		}
	}
	return got.String()
}
