//go:build browser

package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReloadWithSavedRun opens the page again and again over a
// saved run. Each time the page must restore it and become ready, with no
// error: a frame drawn before the first view once stopped the simulator.
func TestBrowserReloadWithSavedRun(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBob)
	waitJS(t, ctx, fmt.Sprintf(`document.getElementById("status").dataset.saved === "%d/%d"`, total, total), "the run to be saved")
	for i := range 5 {
		do(t, ctx, chromedp.Navigate("about:blank"))
		lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(lctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
		cancel()
		if err != nil {
			state := eval[string](t, ctx, `document.getElementById("status").textContent`)
			t.Fatalf("load %d: %v; the page says %q", i, err, state)
		}
		position(t, ctx, total, total)
	}
	pe.check(t)
}
