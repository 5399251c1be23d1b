package live_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The memory benchmark's scale; the is
//
//	go test -run '^$' -bench Memory -benchtime 1x ./cmd/sessionscope/internal/live/ \
//	    -args -mem.sessions 1000 -mem.messages 1000000 -mem.every 100000 -mem.churn 50000
var (
	memSessions = flag.Int("mem.sessions", 100, "BenchmarkMemory: sessions the messages go through")
	memMessages = flag.Int("mem.messages", 100000, "BenchmarkMemory: messages in all")
	memEvery    = flag.Int("mem.every", 10000, "BenchmarkMemory: messages between two readings")
	memChurn    = flag.Int("mem.churn", 5000, "BenchmarkMemory: connections opened and closed afterwards")
)

// BenchmarkMemory runs a listener as listen does (no -record, its
// terminal view) in a process of its own, sends -mem.messages messages
// through -mem.sessions bound sessions, then opens and closes -mem.churn
// connections, and prints the listener's resident memory (VmRSS) every
// -mem.every messages and every fifth of the churn: it must level off,
// not grow with the messages or the connections. It runs once whatever
// b.N is.
func BenchmarkMemory(b *testing.B) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=listen")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	addr, pid := strings.TrimSpace(line), cmd.Process.Pid
	start := rss(b, pid)
	memLog("listener started: VmRSS %d KiB", start)
	n := max(*memSessions, 2)
	var received atomic.Int64
	clients := make([]net.Conn, n)
	for i := range clients {
		clients[i] = memLogin(b, addr, fmt.Sprintf("m%d", i), &received)
		defer clients[i].Close()
	}
	memLog("%d sessions bound: VmRSS %d KiB", n, rss(b, pid))
	sent := 0
	for sent < *memMessages {
		batch := min(max(*memEvery, n), *memMessages-sent)
		sendRound(b, clients, batch, sent)
		sent += batch
		waitFor(b, &received, int64(sent))
		memLog("%8d messages: VmRSS %d KiB", sent, rss(b, pid))
	}
	step := max(*memChurn/5, 1)
	for done := 0; done < *memChurn; {
		k := min(step, *memChurn-done)
		for i := range k {
			c := memLogin(b, addr, fmt.Sprintf("c%d", (done+i)%1000), nil)
			_, _ = io.WriteString(c, "</stream:stream>")
			_, _ = io.Copy(io.Discard, c)
			_ = c.Close()
		}
		done += k
		time.Sleep(100 * time.Millisecond) // the last hang-ups reach the engine
		memLog("%8d connections opened and closed: VmRSS %d KiB", done, rss(b, pid))
	}
	b.ReportMetric(float64(rss(b, pid)), "KiB-RSS")
	for range b.N {
	}
}

// memLog prints a reading as it is taken (a benchmark's log is cut short).
func memLog(format string, args ...any) {
	fmt.Printf("BenchmarkMemory: "+format+"\n", args...)
}

// memLogin logs user in; received, if not nil, counts the messages the
// session then receives.
func memLogin(b *testing.B, addr, user string, received *atomic.Int64) net.Conn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	r := bufio.NewReader(c)
	const open = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
	for _, s := range []struct{ send, until string }{
		{open, "</stream:features>"},
		{"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00x")) + "</auth>", "<success"},
		{open, "</stream:features>"},
		{"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>", "</iq>"},
	} {
		if _, err := io.WriteString(c, s.send); err != nil {
			b.Fatal(err)
		}
		var got []byte
		for !bytes.Contains(got, []byte(s.until)) {
			ch, err := r.ReadByte()
			if err != nil {
				b.Fatalf("%s: waiting for %s: %v (%s)", user, s.until, err, got)
			}
			got = append(got, ch)
		}
	}
	if received != nil {
		go countMessages(r, received)
	}
	return c
}

// countMessages counts the ends of messages read, across reads.
func countMessages(r io.Reader, n *atomic.Int64) {
	const end = "</message>"
	buf := make([]byte, 32<<10)
	var carry []byte
	for {
		k, err := r.Read(buf)
		data := append(carry, buf[:k]...)
		n.Add(int64(bytes.Count(data, []byte(end))))
		carry = append([]byte(nil), data[max(0, len(data)-len(end)+1):]...)
		if err != nil {
			return
		}
	}
}

// sendRound has the clients send batch messages between them, each to
// the next, each client in one write.
func sendRound(b *testing.B, clients []net.Conn, batch, from int) {
	n := len(clients)
	var wg sync.WaitGroup
	for i, c := range clients {
		k := batch / n
		if i < batch%n {
			k++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var m strings.Builder
			for j := range k {
				fmt.Fprintf(&m, "<message to='m%d@localhost/r' type='chat' id='%d-%d'><body>message %d</body></message>", (i+1)%n, from, j, j)
			}
			if _, err := io.WriteString(c, m.String()); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
}

func waitFor(b *testing.B, n *atomic.Int64, want int64) {
	deadline := time.Now().Add(5 * time.Minute)
	for n.Load() < want {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d messages received", n.Load(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
