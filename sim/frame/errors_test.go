package frame_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/frame"
)

// TestMalformedCorpus feeds every stream of testdata/malformed.txt in every
// chunking and expects its stream error.
func TestMalformedCorpus(t *testing.T) {
	data, err := os.ReadFile("testdata/malformed.txt")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	rows := 0
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cond, lit, ok := strings.Cut(text, "\t")
		in, err := strconv.Unquote(lit)
		if !ok || err != nil {
			t.Fatalf("line %d: bad row %q", line, text)
		}
		in = strings.ReplaceAll(in, "$H", hdr)
		rows++
		t.Run(strconv.Itoa(line), func(t *testing.T) {
			for name, chunks := range chunkings([]byte(in)) {
				got := transcript(chunks, nil, 0)
				if last := got[len(got)-1]; last != "error "+cond {
					t.Fatalf("%s: %q ends with %q, want error %s", name, in, last, cond)
				}
			}
		})
	}
	if rows < 30 {
		t.Errorf("only %d rows in the corpus", rows)
	}
}

func TestSizeLimit(t *testing.T) {
	const limit = 100
	big := "<message><body>" + strings.Repeat("x", 200) + "</body></message>"
	exact := "<message><body>" + strings.Repeat("y", limit-len("<message><body></body></message>")) + "</body></message>"
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"stanza of exactly the limit passes", hdr + exact + "<presence/>",
			[]string{hdrOut, `elem <message xmlns="jabber:client"><body>` + exact[15:len(exact)-17] + `</body></message>`,
				`elem <presence xmlns="jabber:client"/>`, "more 0"}},
		{"complete oversized stanza is refused", hdr + big + "<presence/>",
			[]string{hdrOut, "error policy-violation"}},
		{"refused before the stanza ends", hdr + big[:limit+1],
			[]string{hdrOut, "error policy-violation"}},
		{"limit not yet passed waits", hdr + big[:limit],
			[]string{hdrOut, "more 100"}},
		{"syntax error before the limit wins", hdr + "<message><!--" + strings.Repeat("x", 200),
			[]string{hdrOut, "error not-well-formed"}},
		{"oversized header", "<stream:stream " + strings.Repeat("a", 200),
			[]string{"error policy-violation"}},
		{"oversized text between stanzas", hdr + strings.Repeat("t", 200),
			[]string{hdrOut, "error policy-violation"}},
		{"long whitespace is consumed, not limited", hdr + strings.Repeat(" ", 300) + "<presence/>",
			[]string{hdrOut, `elem <presence xmlns="jabber:client"/>`, "more 0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkAllChunkings(t, tc.in, nil, limit, tc.want, false)
		})
	}
}

func TestPolicyViolationText(t *testing.T) {
	f := frame.New(10)
	f.Write([]byte(hdr + "<message>too long</message>"))
	f.Next()
	_, err := f.Next()
	var fe *frame.Error
	if !errors.As(err, &fe) || fe.Condition != "policy-violation" || fe.Text != "XML stanza is too big" {
		t.Fatalf("got %v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		want  string
	}{
		{"at the limit", frame.MaxDepth, "elem"},
		{"one deeper", frame.MaxDepth + 1, "error not-well-formed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := hdr + strings.Repeat("<a>", tc.depth) + strings.Repeat("</a>", tc.depth)
			got := transcript([][]byte{[]byte(in)}, nil, 0)
			if !strings.HasPrefix(got[1], tc.want) {
				t.Errorf("got %.60q, want %s", got[1], tc.want)
			}
		})
	}
}

func TestErrorIsSticky(t *testing.T) {
	f := frame.New(0)
	f.Write([]byte("<foo/>"))
	_, first := f.Next()
	f.Reset()
	f.Write([]byte(hdr))
	_, second := f.Next()
	var fe *frame.Error
	if !errors.As(first, &fe) || fe.Condition != "invalid-namespace" || second != first {
		t.Fatalf("first %v, second %v", first, second)
	}
	if f.Buffered() != 0 {
		t.Errorf("a dead framer keeps %d bytes", f.Buffered())
	}
}

func TestErrorUnwrap(t *testing.T) {
	f := frame.New(0)
	f.Write([]byte(hdr + "<a></b>"))
	f.Next()
	_, err := f.Next()
	var fe *frame.Error
	if !errors.As(err, &fe) || errors.Unwrap(fe) == nil || !strings.Contains(err.Error(), "not-well-formed") {
		t.Fatalf("got %v", err)
	}
}

// TestBufferBounded feeds an endless stanza and checks the framer refuses
// it before holding much more than the limit.
func TestBufferBounded(t *testing.T) {
	const limit, chunk = 1000, 64
	f := frame.New(limit)
	f.Write([]byte(hdr + "<message><body>"))
	if ev, _ := f.Next(); ev.Kind != frame.StreamOpen {
		t.Fatalf("got %v, want the header", ev.Kind)
	}
	var err error
	for range 1000 {
		if f.Buffered() > limit+chunk {
			t.Fatalf("buffer grew to %d", f.Buffered())
		}
		f.Write(bytes.Repeat([]byte("z"), chunk))
		if _, err = f.Next(); err != frame.ErrMore {
			break
		}
	}
	var fe *frame.Error
	if !errors.As(err, &fe) || fe.Condition != "policy-violation" {
		t.Fatalf("got %v", err)
	}
}

// TestRawStable checks that the Raw bytes of an event survive later writes.
func TestRawStable(t *testing.T) {
	f := frame.New(0)
	f.Write([]byte(hdr + "<a>1</a>"))
	var raws [][]byte
	for i := range 50 {
		for {
			ev, err := f.Next()
			if err != nil {
				break
			}
			raws = append(raws, ev.Raw)
		}
		f.Write([]byte("<a>" + strconv.Itoa(i) + "</a>"))
	}
	want := []string{hdr, "<a>1</a>", "<a>0</a>", "<a>1</a>", "<a>2</a>"}
	got := make([]string, 5)
	for i := range got {
		got[i] = string(raws[i])
	}
	if !slices.Equal(got, want) {
		t.Errorf("raws %q, want %q", got, want)
	}
}

func TestBuffered(t *testing.T) {
	f := frame.New(0)
	f.Write([]byte(hdr + "  <message><bo"))
	if f.Buffered() != len(hdr)+14 {
		t.Fatalf("before Next: %d", f.Buffered())
	}
	f.Next()
	if _, err := f.Next(); err != frame.ErrMore || f.Buffered() != 12 {
		t.Fatalf("after Next: %v, %d buffered", err, f.Buffered())
	}
}
