//go:build browser

package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/web"
	"github.com/sessionscope/sessionscope/web/webtest"
)

// browser starts headless Chromium on the page served from the embedded
// files. In CI a missing browser is a failure, never a skip.
func browser(t *testing.T) (context.Context, string, *pageErrors) {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// browserFor is browser with a longer or shorter limit for the whole test.
func browserFor(t *testing.T, limit time.Duration) (context.Context, string, *pageErrors) {
	t.Helper()
	ctx, url := webtest.Start(t, web.Handler(web.Files), limit)
	pe := &pageErrors{}
	if err := chromedp.Listen(ctx, pe.observe); err != nil {
		t.Fatal(err)
	}
	return ctx, url, pe
}

// pageErrors collects uncaught exceptions and console errors.
type pageErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (p *pageErrors) observe(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		p.msgs = append(p.msgs, "exception: "+text)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value))
			}
			p.msgs = append(p.msgs, "console.error: "+strings.Join(parts, " "))
		}
	}
}

func (p *pageErrors) check(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.msgs {
		t.Errorf("page error: %s", m)
	}
}

func load(t *testing.T, ctx context.Context, url string) time.Duration {
	t.Helper()
	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("page did not become ready: %v", err)
	}
	return time.Since(start)
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// waitText waits until the element's text equals want.
func waitText(t *testing.T, ctx context.Context, selector, want string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent === %q; })()`, selector, want)
	wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||"(missing)"`, selector)))
		t.Fatalf("%s: got %q, want %q", selector, got, want)
	}
}

const alice = `article[data-session]`

func field(name string) string {
	return fmt.Sprintf(`%s [data-field=%q] .v`, alice, name)
}

// press clicks alice's lifecycle button for action, then runs the
// simulation until nothing is pending.
func press(t *testing.T, ctx context.Context, action, clientState string) {
	t.Helper()
	btn := fmt.Sprintf(`li[data-client="alice"] button.primary[data-action=%q]`, action)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(btn)), chromedp.Click(chromedp.CSS(btn)))
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-idle")))
	waitText(t, ctx, `li[data-client="alice"] .cstate`, clientState)
}

func TestBrowserAliceLifecycle(t *testing.T) {
	ctx, url, pe := browser(t)
	ready := load(t, ctx, url)
	t.Logf("navigation to ready: %v", ready)

	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#in-user"), "alice"),
		chromedp.SetValue(chromedp.CSS("#in-pass"), "wonderland"),
		chromedp.SetValue(chromedp.CSS("#in-res"), "laptop"),
		chromedp.Click(chromedp.CSS("#btn-add")),
	)
	press(t, ctx, "connect", "connected")
	waitText(t, ctx, field("type"), "c2s_unauthed")
	waitText(t, ctx, field("notopen"), "true")
	waitText(t, ctx, field("username"), "—")
	press(t, ctx, "open", "open")
	waitText(t, ctx, field("host"), "localhost")
	waitText(t, ctx, field("notopen"), "—")
	press(t, ctx, "auth", "authenticated")
	waitText(t, ctx, field("type"), "c2s_unbound")
	waitText(t, ctx, field("username"), "alice")
	press(t, ctx, "open", "reopened")
	press(t, ctx, "bind", "bound as alice@localhost/laptop")
	waitText(t, ctx, field("type"), "c2s")
	waitText(t, ctx, field("full_jid"), "alice@localhost/laptop")
	waitText(t, ctx, field("resource"), "laptop")
	waitText(t, ctx, field("priority"), "—")
	shot(t, ctx, "alice-bound")
	viewShot(t, ctx, "alice-bound-viewport")

	press(t, ctx, "close", "closed")
	waitText(t, ctx, field("type"), "c2s_destroyed")
	waitText(t, ctx, field("full_jid"), "—")
	waitText(t, ctx, alice+" .state", "destroyed")
	shot(t, ctx, "alice-destroyed")
	pe.check(t)
}

func TestBrowserConsoleAPI(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	script := `(async () => {
		const name = await sessionscope.addClient({user: "bob", password: "pw", resource: "phone"});
		for (const a of ["connect", "open", "auth", "open", "bind"]) {
			await sessionscope.act(name, a);
			await sessionscope.step();
		}
		const s = sessionscope.sessions();
		return [name, s.length, s[0].fields.type.text, s[0].fields.full_jid.text, String(s[0].fields.priority.set)].join(" ");
	})()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if want := "bob 1 c2s bob@localhost/phone false"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// A bad call rejects its promise instead of stopping the page.
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`sessionscope.act("nobody", "connect").then(() => "resolved", e => e.message)`, chromedp.EvalAwaitPromise))
	if err != nil || msg != `engine: no client named "nobody"` {
		t.Fatalf("got %q, %v", msg, err)
	}
	pe.check(t)
}

// shot saves a full-page screenshot as a test artifact.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives PNG
	if err != nil {
		t.Fatal(err)
	}
	save(t, name, png)
}

// save writes a PNG as a test artifact.
func save(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// viewShot saves what the 1280×800 window shows, as a visitor sees it.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, name, png)
}
