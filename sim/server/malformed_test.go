package server_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// TestMalformedStreams plays every stream of testdata/malformed.txt on its
// own connection and checks the server's answer byte for byte: a header
// first when none was sent for the current stream, the stream error, the
// closing tag and the TCP close. A witness client stays bound throughout
// and must still be served afterwards.
func TestMalformedStreams(t *testing.T) {
	rows := readCorpus(t, "testdata/malformed.txt")
	if len(rows) < 50 {
		t.Fatalf("corpus has %d streams, want at least 50", len(rows))
	}
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 4096
	h := &harness{t: t, cfg: cfg, clients: map[string]*rawClient{}}
	h.directive("account romeo secret")
	h.directive("connect witness")
	h.directive("login witness romeo secret home")
	for i, row := range rows {
		name := strconv.Itoa(i+1) + "/" + row.condition
		t.Run(name, func(t *testing.T) {
			h.t = t
			c := "c" + strconv.Itoa(i)
			h.directive("connect " + c)
			h.send(h.client(c), row.stream)
			checkClose(t, h.client(c), row)
			h.directive("send witness <iq type='set' id='s" + strconv.Itoa(i) + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
			h.directive("recv witness <iq type='result' id='s" + strconv.Itoa(i) + "' to='romeo@localhost/home'/>")
		})
	}
}

type corpusRow struct {
	condition, stream string
	opened            bool // the header was answered before the error
}

func readCorpus(t *testing.T, file string) []corpusRow {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []corpusRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cond, lit, ok := strings.Cut(line, "\t")
		s, err := strconv.Unquote(lit)
		if !ok || err != nil {
			t.Fatalf("bad corpus line %q: %v", line, err)
		}
		opened := strings.HasPrefix(s, "$H") && !strings.Contains(s, "$AUTH<")
		s = strings.NewReplacer("$AUTH", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHJvbWVvAHNlY3JldA==</auth>",
			"$BIG", strings.Repeat("x", 300000)).Replace(s)
		rows = append(rows, corpusRow{condition: cond, stream: macros.Replace(s), opened: opened})
	}
	return rows
}

// checkClose checks the tail of what the client received: an optional
// header, the stream error (unless the row expects a clean close), the
// closing tag and the close.
func checkClose(t *testing.T, c *rawClient, row corpusRow) {
	t.Helper()
	in := c.inbox
	n := len(in)
	if n < 2 || in[n-1] != "[closed]" || in[n-2] != "</stream:stream>" {
		t.Fatalf("stream %q: the server did not close; received %q", short(row.stream), in)
	}
	if row.condition == "-" {
		for _, chunk := range in {
			if strings.HasPrefix(chunk, "<stream:error>") {
				t.Fatalf("stream %q: got %s, want a clean close", short(row.stream), chunk)
			}
		}
		return
	}
	if n < 3 {
		t.Fatalf("stream %q: received %q", short(row.stream), in)
	}
	errChunk := in[n-3]
	want := "<stream:error><" + row.condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
	if !strings.HasPrefix(errChunk, want) || !strings.HasSuffix(errChunk, "</stream:error>") {
		t.Fatalf("stream %q:\n got  %s\n want %s…</stream:error>", short(row.stream), errChunk, want)
	}
	if !row.opened && (n < 4 || !strings.HasPrefix(in[0], "<?xml version='1.0'?><stream:stream ")) {
		t.Fatalf("stream %q: no header before the error: %q", short(row.stream), in)
	}
}

func short(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
