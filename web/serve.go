package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Handler serves the page from fsys. When the browser accepts gzip and a
// pre-compressed NAME.gz sits beside NAME, it serves that with
// Content-Encoding: gzip and NAME's own Content-Type (application/wasm for
// the WebAssembly). Build outputs that are missing answer 404 with a hint.
func Handler(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
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
		if name == "main.wasm" {
			if _, err := fs.Stat(fsys, name); err != nil {
				http.Error(w, "main.wasm is missing: build it with 'make build'", http.StatusNotFound)
				return
			}
		}
		if acceptsGzip(r) && serveGzip(w, r, fsys, name) {
			return
		}
		files.ServeHTTP(w, r)
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

func serveGzip(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) bool {
	data, err := fs.ReadFile(fsys, name+".gz")
	if err != nil {
		return false
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Add("Vary", "Accept-Encoding")
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
	return true
}
