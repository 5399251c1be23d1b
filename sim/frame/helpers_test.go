package frame_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/sessionscope/sessionscope/sim/frame"
)

// hdr is a minimal client stream header; hdrOut is how etree writes it.
const (
	hdr    = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	hdrOut = `open <stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams"/>`
	closed = "close </stream:stream>"
)

// transcript frames in, split into the given chunks, and describes every
// event as a line; it calls Reset after the events listed in resets. The
// last line is "error <condition>" or "more <buffered>".
func transcript(chunks [][]byte, resets []int, limit int) []string {
	f := frame.New(limit)
	var out []string
	events := 0
	for _, c := range chunks {
		f.Write(c)
		for {
			ev, err := f.Next()
			var fe *frame.Error
			switch {
			case err == frame.ErrMore:
			case errors.As(err, &fe):
				return append(out, "error "+fe.Condition)
			case err != nil:
				return append(out, "bad error "+err.Error())
			default:
				out = append(out, describe(ev))
				events++
				if slices.Contains(resets, events) {
					f.Reset()
				}
				continue
			}
			break
		}
	}
	return append(out, fmt.Sprintf("more %d", f.Buffered()))
}

// describe writes an event as "open|elem|close <serialised element>" plus
// its raw bytes when they differ from the serialisation.
func describe(ev frame.Event) string {
	var b bytes.Buffer
	switch ev.Kind {
	case frame.StreamOpen:
		b.WriteString("open ")
		ev.Header.WriteTo(&b, &etree.WriteSettings{})
	case frame.Element:
		b.WriteString("elem ")
		ev.Element.WriteTo(&b, &etree.WriteSettings{})
	case frame.StreamClose:
		b.WriteString("close ")
		b.Write(ev.Raw)
	default:
		b.WriteString("kind? ")
	}
	return b.String() + " raw=" + string(ev.Raw)
}

// stripRaw drops the raw part of transcript lines, for rows that do not
// spell it out.
func stripRaw(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i], _, _ = strings.Cut(l, " raw=")
	}
	return out
}

// chunkings returns the ways every row is fed: whole, byte by byte, and
// seeded random splits.
func chunkings(in []byte) map[string][][]byte {
	m := map[string][][]byte{"whole": {in}, "bytes": split(in, nil)}
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		m[fmt.Sprintf("random%d", seed)] = split(in, r)
	}
	return m
}

// split cuts in into pieces of 1 byte (r == nil) or of random sizes.
func split(in []byte, r *rand.Rand) [][]byte {
	var out [][]byte
	for len(in) > 0 {
		n := 1
		if r != nil {
			n = 1 + r.IntN(min(len(in), 1+r.IntN(40)))
		}
		out = append(out, in[:n])
		in = in[n:]
	}
	return out
}

// checkAllChunkings asserts that every chunking gives want (compared
// without raw bytes when raw is false) and the same full transcript.
func checkAllChunkings(t *testing.T, in string, resets []int, limit int, want []string, raw bool) {
	t.Helper()
	var first []string
	for name, chunks := range chunkings([]byte(in)) {
		got := transcript(chunks, resets, limit)
		if first == nil {
			first = got
		} else if !slices.Equal(got, first) {
			t.Fatalf("chunking %s differs:\n got %q\nwant %q", name, got, first)
		}
	}
	if !raw {
		first = stripRaw(first)
	}
	if !slices.Equal(first, want) {
		t.Errorf("events:\n got %q\nwant %q", first, want)
	}
}

// transcriptEvents frames the chunks and returns the stanza elements.
func transcriptEvents(chunks [][]byte) []*etree.Element {
	f := frame.New(0)
	var out []*etree.Element
	for _, c := range chunks {
		f.Write(c)
		for {
			ev, err := f.Next()
			if err != nil {
				break
			}
			if ev.Kind == frame.Element {
				out = append(out, ev.Element)
			}
		}
	}
	return out
}
