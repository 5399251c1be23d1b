package live_test

import (
	"errors"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
)

// failing is a listener whose first accepts fail as a process out of file
// descriptors sees them, before it hands over the real listener's.
type failing struct {
	net.Listener
	fails atomic.Int32
}

func (f *failing) Accept() (net.Conn, error) {
	if f.fails.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept", syscall.EMFILE)}
	}
	return f.Listener.Accept()
}

// TestAcceptErrorsPass: accept errors such as EMFILE do not stop the TCP
// listener; once they pass, new clients are served again.
func TestAcceptErrorsPass(t *testing.T) {
	g, _ := start(t, live.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &failing{Listener: ln}
	f.fails.Store(6)
	served := make(chan error, 1)
	go func() { served <- g.r.ServeTCP(f) }()
	c := dialRaw(t, ln.Addr().String())
	c.send(header)
	if got := c.until("</stream:features>"); !strings.Contains(got, "<stream:features") {
		t.Fatalf("no features after the accept errors: %q", got)
	}
	if n := f.fails.Load(); n >= 0 {
		t.Errorf("%d accept errors were never seen", n+1)
	}
	_ = ln.Close()
	select {
	case err := <-served:
		if err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("ServeTCP returned %v once its listener closed", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("ServeTCP did not return once its listener closed")
	}
}
