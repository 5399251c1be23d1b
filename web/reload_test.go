//go:build browser

package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
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
		// bob's account came from the saved cache of derived keys, not
		// from PBKDF2 runs during the replay; his PLAIN login is answered
		// from the account's derivation, which is the one entry.
		if got := eval[string](t, ctx, `document.getElementById("status").dataset.cached || ""`); got != "1" {
			t.Errorf("load %d: %q entries of derived keys restored, want 1", i, got)
		}
	}
	pe.check(t)
}

// TestBrowserHintWithoutStorage opens the page with the localStorage hint
// of a saved run but no database at all (site data cleared in part). The
// early open of the database must not create it, or leave it unusable:
// the page becomes ready, restores nothing, and saves the new run.
func TestBrowserHintWithoutStorage(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[any](t, ctx, `new Promise((ok, fail) => {
		localStorage.setItem("sessionscope.saved", "1");
		const r = indexedDB.deleteDatabase("sessionscope");
		r.onsuccess = ok; r.onerror = fail; r.onblocked = ok;
	})`)
	do(t, ctx, chromedp.Navigate("about:blank"))
	// Wait for the deletion to finish before the page comes back.
	do(t, ctx, chromedp.Navigate(url))
	waitJS(t, ctx, `document.getElementById("status").dataset.ready === "true"`, "the page to be ready")
	position(t, ctx, 0, 0)
	total := eval[int](t, ctx, loginBob)
	waitJS(t, ctx, fmt.Sprintf(`document.getElementById("status").dataset.saved === "%d/%d"`, total, total), "the run to be saved")
	if banner := eval[string](t, ctx, `document.getElementById("banner") ? document.getElementById("banner").textContent : ""`); banner != "" {
		t.Errorf("banner %q", banner)
	}
	pe.check(t)
}

// TestBrowserRunThatDoesNotReplayIsKept opens a link to a run whose last
// input no longer applies (as a release that tightens validation would
// leave a saved run). The page must not throw it away: it says so, keeps
// the run in this browser under a name before anything new is saved, and
// offers it as a file; after new work and a reload it is still listed.
func TestBrowserRunThatDoesNotReplayIsKept(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	bad := engine.Scenario{Config: engine.DefaultConfig(), Inputs: []engine.Input{
		{Op: engine.OpAccount, User: "bob", Password: "pw"},
		{Op: engine.OpAct, Name: "ghost", Action: "connect"},
	}, Position: 2}
	frag, err := engine.EncodeFragment(deflate.Packer{}, bad)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#run="+frag), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	banner := eval[string](t, ctx, `document.getElementById("banner").textContent`)
	if !strings.HasPrefix(banner, "Could not replay the shared run: ") || !strings.Contains(banner, "run that did not replay") {
		t.Errorf("banner %q", banner)
	}
	if eval[bool](t, ctx, `document.getElementById("banner-download").hidden`) {
		t.Error("the run that did not replay is not offered for download")
	}
	viewShot(t, ctx, "set-aside-1280x800")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	viewShot(t, ctx, "set-aside-390x844")
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	const listed = `[...document.querySelectorAll("#saved-runs option")].some(o => o.textContent === "run that did not replay")`
	waitJS(t, ctx, listed, "the run to be kept under a name")
	total := eval[int](t, ctx, loginBob)
	waitJS(t, ctx, fmt.Sprintf(`document.getElementById("status").dataset.saved === "%d/%d"`, total, total), "the new run to be saved")
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	waitJS(t, ctx, listed, "the kept run to be listed after a reload")
	got := eval[string](t, ctx, `(async () => {
		const menu = document.getElementById("lesson-menu");
		menu.value = [...menu.options].find(o => o.textContent === "run that did not replay").value;
		return menu.value;
	})()`)
	if !strings.HasPrefix(got, "saved:") {
		t.Errorf("menu value %q", got)
	}
	pe.check(t)
}

// TestBrowserHostileLinkCanBeStopped opens a short link that stands for a
// long replay: 1,000 accounts, each with keys derived with 100,000 SCRAM
// iterations, the most a run may ask for. Such links (a million
// iterations, or 20,000 wrong passwords) once held the page at "Loading
// the simulator…". The page must become ready while the replay still
// runs, show its progress with a Stop button, and stop at an input
// boundary when asked, keeping every input of the run.
func TestBrowserHostileLinkCanBeStopped(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	cfg := engine.DefaultConfig()
	cfg.Server.DefaultIterationCount = 100_000
	var ins []engine.Input
	for i := range 1000 {
		ins = append(ins, engine.Input{Op: engine.OpAccount, User: fmt.Sprint("u", i), Password: fmt.Sprint("pw", i)})
	}
	frag, err := engine.EncodeFragment(deflate.Packer{}, engine.Scenario{Config: cfg, Inputs: ins, Position: len(ins)})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#run="+frag), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	t.Logf("ready after %v", time.Since(start))
	if eval[bool](t, ctx, `document.getElementById("btn-stop").hidden`) {
		t.Fatal("the page was ready only once the long replay had finished, or without a Stop button")
	}
	waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("Working: input ")`, "the replay's progress")
	viewShot(t, ctx, "hostile-link-1280x800")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	viewShot(t, ctx, "hostile-link-390x844")
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-stop")))
	waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("Stopped replaying the shared run at input ")`, "the replay to stop")
	t.Logf("stopped after %v", time.Since(start))
	pos := eval[map[string]int](t, ctx, `sessionscope.position()`)
	if pos["total"] != len(ins) || pos["step"] >= len(ins) || pos["step"] < 1 {
		t.Errorf("after Stop: %v; want every one of the %d inputs kept and the run stopped part way", pos, len(ins))
	}
	if !eval[bool](t, ctx, `document.getElementById("btn-stop").hidden`) {
		t.Error("the Stop button stays after the replay stopped")
	}
	pe.check(t)
}

// TestBrowserLinksBothWays: the page packs its links with the browser's
// CompressionStream, and the command line with compress/flate; each
// reads the other's. A link that is not DEFLATE, and one that inflates
// past the 16 MB limit, are refused with the reason, the page ready.
func TestBrowserLinksBothWays(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBob)
	eval[any](t, ctx, `sessionscope.back(2)`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-share")))
	waitJS(t, ctx, `location.hash.startsWith("#run=")`, "the link")
	_, frag, _ := strings.Cut(eval[string](t, ctx, `location.href`), "#run=")
	s, err := engine.DecodeFragment(deflate.Packer{}, frag)
	if err != nil {
		t.Fatalf("the page's link does not read natively: %v", err)
	}
	if s.Position != total-2 || len(s.Inputs) != total {
		t.Errorf("the page's link holds position %d of %d inputs, want %d of %d", s.Position, len(s.Inputs), total-2, total)
	}
	again, err := engine.EncodeFragment(deflate.Packer{}, s)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#run="+again), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	position(t, ctx, total-2, total)

	bomb, err := deflate.Packer{}.Pack(make([]byte, 17<<20))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, frag, want string }{
		{"not DEFLATE", base64.RawURLEncoding.EncodeToString([]byte{0xff, 0xff, 0xff}), "The shared link is damaged: engine: shared link: TypeError: "},
		{"17 MB inflated", base64.RawURLEncoding.EncodeToString(bomb), "The shared link is damaged: engine: shared link: too large."},
	} {
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#run="+tc.frag), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
		if banner := eval[string](t, ctx, `document.getElementById("banner").textContent`); !strings.HasPrefix(banner, tc.want) {
			t.Errorf("%s: banner %q, want it to begin %q", tc.name, banner, tc.want)
		}
	}
	pe.check(t)
}
