package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sessionscope/sessionscope/web"
)

// encoded is a main.wasm with its three compressed forms, of sizes that
// order them as the build's do (brotli 1.55 MB < zstd 1.60 MB < gzip
// 2.12 MB < 7.96 MB raw). The handler sends stored bytes as they are, so
// stand-ins of those sizes are enough to see which form is sent.
func encoded() fstest.MapFS {
	return fstest.MapFS{
		"main.wasm":     {Data: bytes.Repeat([]byte("w"), 796)},
		"main.wasm.br":  {Data: bytes.Repeat([]byte("b"), 155)},
		"main.wasm.zst": {Data: bytes.Repeat([]byte("z"), 160)},
		"main.wasm.gz":  {Data: bytes.Repeat([]byte("g"), 212)},
		"style.css":     {Data: []byte("p{}")},
	}
}

// fetch gets path with the given Accept-Encoding (none when "-") and
// If-None-Match, without the client decoding anything.
func fetch(t *testing.T, url, acceptEnc, tag string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptEnc != "-" {
		req.Header.Set("Accept-Encoding", acceptEnc)
	}
	if tag != "" {
		req.Header.Set("If-None-Match", tag)
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// TestEncodingNegotiation: the smallest form the browser accepts is sent,
// q-values first; the file itself when it accepts none.
func TestEncodingNegotiation(t *testing.T) {
	srv := httptest.NewServer(web.Handler(encoded()))
	defer srv.Close()
	tests := []struct {
		name, acceptEnc, want string // want: the Content-Encoding, "" for none
	}{
		{"a browser's list", "gzip, deflate, br, zstd", "br"},
		{"brotli", "br", "br"},
		{"zstd", "zstd", "zstd"},
		{"gzip", "gzip", "gzip"},
		{"zstd or gzip", "gzip, zstd", "zstd"},
		{"identity", "identity", ""},
		{"no header", "-", ""},
		{"empty header", "", ""},
		{"brotli refused", "br;q=0, zstd, gzip", "zstd"},
		{"gzip refused", "gzip;q=0", ""},
		{"q before size", "br;q=0.5, gzip;q=0.8", "gzip"},
		{"q with spaces", "br ; q=0.1, zstd ; q=0.2", "zstd"},
		{"a bad q refuses", "br;q=high, gzip", "gzip"},
		{"any", "*", "br"},
		{"any but brotli", "*, br;q=0", "zstd"},
		{"case", "GZIP, Br", "br"},
		{"nothing acceptable", "*;q=0", ""},
		{"identity refused, nothing else", "identity;q=0, deflate", ""},
		{"identity refused", "identity;q=0, gzip", "gzip"},
	}
	want := map[string][]byte{"": encoded()["main.wasm"].Data, "br": encoded()["main.wasm.br"].Data,
		"zstd": encoded()["main.wasm.zst"].Data, "gzip": encoded()["main.wasm.gz"].Data}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, srv.URL+"/main.wasm", tc.acceptEnc, "")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tc.want {
				t.Errorf("Content-Encoding %q, want %q", got, tc.want)
			}
			if !bytes.Equal(body, want[tc.want]) {
				t.Errorf("body of %d bytes, want the %q form's %d", len(body), tc.want, len(want[tc.want]))
			}
			if got := resp.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type %q", got)
			}
			if got := resp.Header.Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding whichever form is sent", got)
			}
		})
	}
	resp, _ := fetch(t, srv.URL+"/style.css", "br, gzip", "")
	if resp.Header.Get("Vary") != "" || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("a file without compressed forms: Vary %q, Content-Encoding %q", resp.Header.Get("Vary"), resp.Header.Get("Content-Encoding"))
	}
}

// TestETagPerEncoding: each form has its own ETag; a request carrying it
// gets a 304 with the same Vary, and another form's ETag does not match.
func TestETagPerEncoding(t *testing.T) {
	srv := httptest.NewServer(web.Handler(encoded()))
	defer srv.Close()
	url := srv.URL + "/main.wasm"
	tags := map[string]string{}
	for _, enc := range []string{"br", "zstd", "gzip", "identity"} {
		resp, _ := fetch(t, url, enc, "")
		tag := resp.Header.Get("ETag")
		if tag == "" || !strings.HasPrefix(tag, `"`) {
			t.Fatalf("%s: ETag %q", enc, tag)
		}
		for other, seen := range tags {
			if seen == tag {
				t.Errorf("%s and %s share the ETag %s", enc, other, tag)
			}
		}
		tags[enc] = tag
	}
	for enc, tag := range tags {
		t.Run(enc, func(t *testing.T) {
			resp, body := fetch(t, url, enc, tag)
			if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("revalidation: %d with %d bytes, want 304 and none", resp.StatusCode, len(body))
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("ETag") != tag {
				t.Errorf("304 headers: Vary %q, ETag %q", resp.Header.Get("Vary"), resp.Header.Get("ETag"))
			}
			for other, otherTag := range tags {
				if other == enc {
					continue
				}
				if resp, _ := fetch(t, url, enc, otherTag); resp.StatusCode != 200 {
					t.Errorf("the %s form's ETag revalidated the %s form: %d", other, enc, resp.StatusCode)
				}
			}
		})
	}
}
