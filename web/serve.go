package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Handler serves the page from fsys. When the browser accepts gzip and a
// pre-compressed NAME.gz sits beside NAME, it serves that with
// Content-Encoding: gzip and NAME's own Content-Type (application/wasm for
// the WebAssembly). Build outputs that are missing answer 404 with a hint.
//
// Every response carries Cache-Control: no-cache and an ETag made from the
// content, so a reload revalidates with a 304 instead of downloading again,
// and the browser can reuse the WebAssembly it compiled last time.
func Handler(fsys fs.FS) http.Handler {
	// (Every response also carries ContentSecurityPolicy and nosniff.)
	tags := &etags{fsys: fsys, sums: make(map[string]string)}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if strings.HasSuffix(name, ".go") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", policyFor(name))
		if name == "main.wasm" {
			if _, err := fs.Stat(fsys, name); err != nil {
				http.Error(w, "main.wasm is missing: build it with 'make build'", http.StatusNotFound)
				return
			}
		}
		if acceptsGzip(r) && serveFile(w, r, tags, name, name+".gz") {
			return
		}
		if !serveFile(w, r, tags, name, name) {
			http.NotFound(w, r)
		}
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// serveFile answers with the file stored as stored, for the path name: a
// gzip file when stored ends in .gz. It reports false when stored is
// missing or is a directory. http.ServeContent does the conditional
// requests (If-None-Match), ranges and HEAD.
func serveFile(w http.ResponseWriter, r *http.Request, tags *etags, name, stored string) bool {
	data, tag, ok := tags.get(stored)
	if !ok {
		return false
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	if stored != name {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
	}
	w.Header().Set("ETag", tag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	return true
}

// etags reads files once and remembers their content hashes.
type etags struct {
	fsys fs.FS
	mu   sync.Mutex
	sums map[string]string
}

// get returns a file's bytes and its ETag.
func (t *etags) get(name string) ([]byte, string, bool) {
	data, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		return nil, "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tag, ok := t.sums[name]
	if !ok {
		sum := sha256.Sum256(data)
		tag = `"` + hex.EncodeToString(sum[:12]) + `"`
		t.sums[name] = tag
	}
	return data, tag, true
}

// ContentSecurityPolicy is the page's policy: its own scripts only, with
// WebAssembly allowed to compile ('wasm-unsafe-eval'); no inline script or
// style, no plugin, no other origin; framed only by the page's own origin.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// RealClientPolicy is the policy of the real client's frame
// (realclient.html): the page's, with inline style attributes allowed,
// which Converse.js sets on the elements it draws (avatars, for one).
// Scripts stay the origin's own.
const RealClientPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// policyFor is the Content-Security-Policy of the file served as name.
func policyFor(name string) string {
	if name == "realclient.html" {
		return RealClientPolicy
	}
	return ContentSecurityPolicy
}
