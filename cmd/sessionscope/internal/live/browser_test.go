//go:build browser

package live_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/web"
	"github.com/sessionscope/sessionscope/web/webtest"
)

// TestBrowserLiveView: the page served beside a listener, opened at
// #live, shows a real client's session in the simulator's cards as its
// stanzas arrive, and its end.
func TestBrowserLiveView(t *testing.T) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	g, _ := start(t, live.Config{Engine: cfg, Record: true})
	mux := http.NewServeMux()
	mux.Handle("/", web.Handler(web.Files))
	var events atomic.Value // the guard needs the address served
	mux.HandleFunc(live.EventsPath, func(w http.ResponseWriter, r *http.Request) { events.Load().(http.Handler).ServeHTTP(w, r) })
	ctx, url := webtest.Start(t, mux, 60*time.Second)
	token, err := live.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	events.Store(g.r.EventsHandler(live.Guard{Token: token, Addr: strings.TrimPrefix(url, "http://")}))
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/#live="+token),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-live="true"]`))); err != nil {
		t.Fatalf("the live page did not start: %v", err)
	}

	c := dialRaw(t, g.tcp)
	c.login("carol", "web")
	waitField(t, ctx, "full_jid", "carol@localhost/web")
	waitField(t, ctx, "type", "c2s")
	recordFile := recordedWhileBound(t, g)
	c.send("</stream:stream>")
	c.until("</stream:stream>")
	waitField(t, ctx, "type", "c2s_destroyed")

	// The recorded live run, opened in a fresh page, replays to the same
	// state without any socket.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)),
		chromedp.SetUploadFiles(chromedp.CSS("#scs-file"), []string{recordFile})); err != nil {
		t.Fatal(err)
	}
	waitField(t, ctx, "full_jid", "carol@localhost/web")
}

// recordedWhileBound saves the live run so far as the listener's -record
// does.
func recordedWhileBound(t *testing.T, g *rig) string {
	t.Helper()
	s, err := g.r.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "live.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := live.WriteScenario(f, s); err != nil {
		t.Fatal(err)
	}
	return path
}

func waitField(t *testing.T, ctx context.Context, field, want string) {
	t.Helper()
	js := fmt.Sprintf(`[...document.querySelectorAll('article[data-session] [data-field=%q] .v')].some(e => e.textContent === %q)`, field, want)
	wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("no card shows %s = %q: %v", field, want, err)
	}
}
