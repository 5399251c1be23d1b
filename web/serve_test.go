package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sessionscope/sessionscope/web"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wasm is a WebAssembly module's header and zeros: it compresses, as
// main.wasm does, so that each compressed form is smaller than the file.
var wasm = append([]byte("\x00asm\x01\x00\x00\x00"), make([]byte, 4000)...)

func TestHandler(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":   {Data: []byte("<!doctype html><title>x</title>")},
		"main.wasm":    {Data: wasm},
		"main.wasm.gz": {Data: gz(t, wasm)},
		"embed.go":     {Data: []byte("package web")},
	}
	srv := httptest.NewServer(web.Handler(fsys))
	defer srv.Close()
	tests := []struct {
		name, path, acceptEnc string
		status                int
		ctype, encoding       string
		body                  []byte
	}{
		{"index", "/", "", 200, "text/html; charset=utf-8", "", []byte("<!doctype html><title>x</title>")},
		{"wasm plain", "/main.wasm", "identity", 200, "application/wasm", "", wasm},
		{"wasm gzip", "/main.wasm", "gzip, deflate, br", 200, "application/wasm", "gzip", wasm},
		{"gzip refused", "/main.wasm", "gzip;q=0", 200, "application/wasm", "", wasm},
		{"go source hidden", "/embed.go", "", 404, "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
			req.Header.Set("Accept-Encoding", tc.acceptEnc)
			tr := &http.Transport{DisableCompression: true}
			resp, err := (&http.Client{Transport: tr}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			var body io.Reader = resp.Body
			if tc.encoding == "gzip" {
				zr, err := gzip.NewReader(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			}
			got, _ := io.ReadAll(body)
			if !bytes.Equal(got, tc.body) {
				t.Errorf("body of %d bytes, want %d", len(got), len(tc.body))
			}
		})
	}
}

func TestMissingWasm(t *testing.T) {
	srv := httptest.NewServer(web.Handler(fstest.MapFS{"index.html": {Data: []byte("x")}}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

// TestRevalidation checks that a reload costs a 304: every response has an
// ETag from its content (a different one for the gzip form), and a request
// carrying it gets no body.
func TestRevalidation(t *testing.T) {
	srv := httptest.NewServer(web.Handler(fstest.MapFS{
		"main.wasm": {Data: wasm}, "main.wasm.gz": {Data: gz(t, wasm)}, "style.css": {Data: []byte("p{}")},
	}))
	defer srv.Close()
	get := func(path, enc, tag string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", enc)
		if tag != "" {
			req.Header.Set("If-None-Match", tag)
		}
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tags := map[string]bool{}
	for _, tc := range []struct{ name, path, enc string }{
		{"wasm gzip", "/main.wasm", "gzip"}, {"wasm plain", "/main.wasm", "identity"}, {"css", "/style.css", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := get(tc.path, tc.enc, "")
			tag := first.Header.Get("ETag")
			if first.StatusCode != 200 || tag == "" || first.Header.Get("Cache-Control") != "no-cache" {
				t.Fatalf("first: %d, ETag %q, Cache-Control %q", first.StatusCode, tag, first.Header.Get("Cache-Control"))
			}
			if tags[tag] {
				t.Errorf("ETag %s used twice", tag)
			}
			tags[tag] = true
			if again := get(tc.path, tc.enc, tag); again.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation: %d, want 304", again.StatusCode)
			}
			if stale := get(tc.path, tc.enc, `"old"`); stale.StatusCode != 200 {
				t.Errorf("stale tag: %d, want 200", stale.StatusCode)
			}
		})
	}
}

// TestSecurityHeaders: every response forbids other origins' scripts,
// styles and framing, and content sniffing.
func TestSecurityHeaders(t *testing.T) {
	h := web.Handler(fstest.MapFS{"index.html": {Data: []byte("<p>hi")}, "app.js": {Data: []byte("1")}})
	for _, path := range []string{"/", "/app.js", "/missing"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		csp := rec.Header().Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'self'", "object-src 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: the policy allows inline code: %q", path, csp)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
	}
}

// TestRealClientPolicy: the real client's frame may carry inline style
// attributes (Converse.js draws with them), and nothing else more: its
// scripts are the origin's own, and only the page's origin may frame it.
func TestRealClientPolicy(t *testing.T) {
	h := web.Handler(fstest.MapFS{"realclient.html": {Data: []byte("<p>hi")}, "converse/converse.min.js": {Data: []byte("1")}})
	tests := []struct{ name, path, style string }{
		{"the frame", "/realclient.html", "style-src 'self' 'unsafe-inline'"},
		{"its script", "/converse/converse.min.js", "style-src 'self';"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			csp := rec.Header().Get("Content-Security-Policy")
			for _, want := range []string{tt.style, "script-src 'self';", "frame-ancestors 'self'", "object-src 'none'"} {
				if tt.path != "/realclient.html" && want == "script-src 'self';" {
					want = "script-src 'self' 'wasm-unsafe-eval';"
				}
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
				}
			}
		})
	}
}
