//go:build browser

// Package webtest starts headless Chromium on a page served from loopback,
// for SessionScope's browser tests (build tag browser). In CI a missing
// browser or an unbuilt main.wasm fails the test; elsewhere a missing
// browser skips it with the command that installs one.
package webtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/web"
)

// Start serves h on loopback and starts Chromium (headless, no sandbox, no
// GPU, no background networking, a fresh profile, a 1280×800 window). It
// returns the browser's context, which ends after limit or with the test,
// and the server's URL.
func Start(t testing.TB, h http.Handler, limit time.Duration) (context.Context, string) {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed; .ci/run installs it: %v", err)
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	if _, err := web.Files.Open("main.wasm"); err != nil {
		t.Fatalf("web/main.wasm was not built into the test binary: run 'make build' first (%v)", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx, srv.URL
}
