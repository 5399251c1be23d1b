package live

import (
	"encoding/base64"
	"reflect"
	"testing"
)

// TestPlainSniffer: a PLAIN <auth/> is found once wherever the stream is
// cut; other mechanisms and other elements are not.
func TestPlainSniffer(t *testing.T) {
	auth := "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + base64.StdEncoding.EncodeToString([]byte("\x00alice\x00secret")) + "</auth>"
	stream := "<?xml version='1.0'?><stream:stream to='localhost'>" + auth +
		"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>biwsbj1hLHI9eA==</auth><message><body>&lt;auth</body></message>" + auth
	want := [][]byte{[]byte("\x00alice\x00secret"), []byte("\x00alice\x00secret")}
	for cut := 0; cut <= len(stream); cut++ {
		for _, step := range []int{1, 7, len(stream)} {
			var s plainSniffer
			var got [][]byte
			found := func(msg []byte) { got = append(got, msg) }
			s.feed([]byte(stream[:cut]), found)
			for i := cut; i < len(stream); i += step {
				s.feed([]byte(stream[i:min(i+step, len(stream))]), found)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cut at %d, then %d bytes at a time: found %q", cut, step, got)
			}
		}
	}
	var s plainSniffer
	s.feed([]byte("<auth mechanism='PLAIN'>"+string(make([]byte, maxAuth+1))), func([]byte) {})
	if len(s.buf) > maxAuth {
		t.Errorf("an endless <auth> is kept: %d bytes", len(s.buf))
	}
}

// FuzzPlainSniffer: any bytes, cut anywhere, never panic the sniffer or
// grow its buffer beyond an unfinished <auth/>, and what it finds is the
// same however the bytes are cut.
func FuzzPlainSniffer(f *testing.F) {
	f.Add([]byte("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>"), 10)
	f.Add([]byte("<auth mechanism='PLAIN'><auth mechanism='PLAIN'>AA==</auth></auth>"), 3)
	f.Add([]byte("<<auth</auth>"), 1)
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		var whole, split plainSniffer
		var a, b [][]byte
		whole.feed(data, func(m []byte) { a = append(a, m) })
		if len(data) > 0 {
			cut = (cut%len(data) + len(data)) % len(data)
		} else {
			cut = 0
		}
		split.feed(data[:cut], func(m []byte) { b = append(b, m) })
		split.feed(data[cut:], func(m []byte) { b = append(b, m) })
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("whole %q, cut at %d %q", a, cut, b)
		}
		if len(whole.buf) > maxAuth+len(data) {
			t.Fatalf("buffer of %d bytes", len(whole.buf))
		}
	})
}
