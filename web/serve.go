package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler serves the page from fsys. Beside a file NAME may sit its
// pre-compressed forms, made at build time: NAME.br (brotli), NAME.zst
// (zstd) and NAME.gz (gzip). Of the forms present that the browser
// accepts (Accept-Encoding, q-values honoured), it serves the one with the
// highest q, the smallest of those on a tie, with Content-Encoding set and
// NAME's own Content-Type (application/wasm for the WebAssembly); NAME
// itself when the browser accepts none of them. Build outputs that are
// missing answer 404 with a hint.
//
// Every response carries Cache-Control: no-cache and an ETag made from the
// bytes sent, one per encoding, so a reload revalidates with a 304 instead
// of downloading again, and the browser can reuse the WebAssembly it
// compiled last time; a file with compressed forms also carries
// Vary: Accept-Encoding, whichever form is sent.
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
		if !serveFile(w, r, tags, name) {
			http.NotFound(w, r)
		}
	})
}

// encodings are the pre-compressed forms looked for beside a file: the
// Content-Encoding and the stored file's suffix.
var encodings = []struct{ coding, suffix string }{
	{"br", ".br"}, {"zstd", ".zst"}, {"gzip", ".gz"},
}

// form is one stored form of a file.
type form struct {
	coding string // "" for the file itself
	data   []byte
	tag    string
}

// pick returns the form to send: among the forms the request accepts, the
// one with the highest q-value, the smallest on a tie; the file itself
// when none is accepted (RFC 9110, 12.5.3).
func pick(accept map[string]float64, plain form, forms []form) form {
	best, bestQ := plain, acceptQ(accept, "identity")
	if bestQ == 0 {
		best = form{}
	}
	for _, f := range forms {
		q := acceptQ(accept, f.coding)
		if q > 0 && (best.tag == "" || q > bestQ || (q == bestQ && len(f.data) < len(best.data))) {
			best, bestQ = f, q
		}
	}
	if best.tag == "" {
		return plain
	}
	return best
}

// parseAcceptEncoding reads Accept-Encoding into q-values by coding, in
// lower case; a coding without q has 1, and a q that does not parse 0.
func parseAcceptEncoding(h string) map[string]float64 {
	out := make(map[string]float64)
	for _, part := range strings.Split(h, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		out[coding] = q
	}
	return out
}

// acceptQ is the q-value the request gives a coding: its own, else that
// of "*", else 0, except identity: always acceptable unless refused, but
// below any coding the request names (q-values have three decimals, so
// 0.001 is the least a named one can have).
func acceptQ(accept map[string]float64, coding string) float64 {
	if q, ok := accept[coding]; ok {
		return q
	}
	if q, ok := accept["*"]; ok {
		return q
	}
	if coding == "identity" {
		return 0.0001
	}
	return 0
}

// serveFile answers with the best stored form of the file name. It
// reports false when name is missing or is a directory.
// http.ServeContent does the conditional requests (If-None-Match), ranges
// and HEAD.
func serveFile(w http.ResponseWriter, r *http.Request, tags *etags, name string) bool {
	data, tag, ok := tags.get(name)
	if !ok {
		return false
	}
	plain := form{data: data, tag: tag}
	var forms []form
	for _, e := range encodings {
		if data, tag, ok := tags.get(name + e.suffix); ok {
			forms = append(forms, form{coding: e.coding, data: data, tag: tag})
		}
	}
	chosen := plain
	if len(forms) > 0 {
		w.Header().Add("Vary", "Accept-Encoding")
		chosen = pick(parseAcceptEncoding(r.Header.Get("Accept-Encoding")), plain, forms)
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	if chosen.coding != "" {
		w.Header().Set("Content-Encoding", chosen.coding)
	}
	w.Header().Set("ETag", chosen.tag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(chosen.data))
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
