//go:build browser

package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// eval runs a JavaScript expression, awaiting a promise result.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitJS waits until the expression is true.
func waitJS(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[document.getElementById("status").textContent,
			document.getElementById("banner").textContent, document.getElementById("position").textContent,
			JSON.stringify(document.getElementById("status").dataset),
			document.getElementById("log-detail").textContent.slice(0, 300)].join(" | ")`))
		t.Fatalf("waiting for %s: %v\npage: %s", what, err, state)
	}
}

// loginBob drives bob from connect to bound through the console API,
// stepping after each action, and returns the run's length.
const loginBob = `(async () => {
	const name = await sessionscope.addClient({user: "bob", password: "pw", resource: "phone"});
	for (const a of ["connect", "open", "auth", "open", "bind"]) {
		await sessionscope.act(name, a);
		await sessionscope.step();
	}
	return (await sessionscope.seek(1e9)).total;
})()`

// cards returns what the sessions panel shows, including the old values
// of changed fields.
const cards = `document.getElementById("sessions").innerText + "|" +
	[...document.querySelectorAll("#sessions .changed")].map(e => e.dataset.field).join(",")`

func position(t *testing.T, ctx context.Context, step, total int) {
	t.Helper()
	waitText(t, ctx, "#position", fmt.Sprintf("step %d / %d", step, total))
}

func key(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(k))
}

func TestBrowserTimelineBackAndForward(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBob)
	position(t, ctx, total, total)
	seen := make([]string, total+1)
	seen[total] = eval[string](t, ctx, cards)
	for k := total - 1; k >= 0; k-- {
		key(t, ctx, kb.ArrowLeft)
		position(t, ctx, k, total)
		seen[k] = eval[string](t, ctx, cards)
	}
	if !strings.Contains(seen[total], "bob@localhost/phone") || strings.Contains(seen[0], "c2s") {
		t.Fatalf("unexpected cards at the ends:\n%s\n---\n%s", seen[total], seen[0])
	}
	for k := 1; k <= total; k++ {
		do(t, ctx, chromedp.Click(chromedp.CSS("#btn-step")))
		position(t, ctx, k, total)
		if got := eval[string](t, ctx, cards); got != seen[k] {
			t.Fatalf("step %d forward differs from step %d backward:\n%s\n---\n%s", k, k, got, seen[k])
		}
	}
	// Home, End, the scrubber and the console's seek agree.
	key(t, ctx, kb.Home)
	position(t, ctx, 0, total)
	key(t, ctx, kb.End)
	position(t, ctx, total, total)
	eval[bool](t, ctx, `(() => { const s = document.getElementById("scrubber"); s.value = 3;
		s.dispatchEvent(new Event("change")); return true; })()`)
	position(t, ctx, 3, total)
	if got := eval[string](t, ctx, cards); got != seen[3] {
		t.Fatalf("scrubbing to 3 differs:\n%s\n---\n%s", got, seen[3])
	}
	got := eval[string](t, ctx, `sessionscope.back(2).then(p => p.step + "/" + p.total)`)
	if want := fmt.Sprintf("1/%d", total); got != want {
		t.Fatalf("back(2) gave %s, want %s", got, want)
	}
	position(t, ctx, 1, total)
	pe.check(t)
}

func TestBrowserPlaybackControls(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `(async () => { const n = await sessionscope.addClient({user: "carol", password: "pw"});
		await sessionscope.act(n, "connect"); await sessionscope.act(n, "open"); return n; })()`)
	waitText(t, ctx, "#speed-out", "3.2/s")
	key(t, ctx, "+")
	waitText(t, ctx, "#speed-out", "5.6/s")
	for range 8 {
		key(t, ctx, "+")
	}
	waitText(t, ctx, "#speed-out", "1e+02/s")
	key(t, ctx, " ")
	waitText(t, ctx, "#btn-play", "Pause")
	// Playing delivers everything pending, then pauses by itself.
	waitText(t, ctx, "#btn-play", "Play")
	waitText(t, ctx, `li[data-client="carol"] .cstate`, "open")
	waitText(t, ctx, field("host"), "localhost")
	if p := eval[string](t, ctx, `document.getElementById("btn-play").getAttribute("aria-pressed")`); p != "false" {
		t.Fatalf("aria-pressed %q after the pause", p)
	}
	key(t, ctx, "-")
	waitText(t, ctx, "#speed-out", "56/s")
	key(t, ctx, "?")
	waitJS(t, ctx, `!document.getElementById("help").hidden`, "the help")
	key(t, ctx, "?")
	waitJS(t, ctx, `document.getElementById("help").hidden`, "the help to close")
	// Run until idle and wait 300 s are inputs too.
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-wait")))
	waitText(t, ctx, "#srv-time", "T+5m0s")
	pe.check(t)
}

func TestBrowserFork(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBob)
	position(t, ctx, total, total)
	key(t, ctx, kb.ArrowLeft)
	key(t, ctx, kb.ArrowLeft)
	position(t, ctx, total-2, total)
	drop := `li[data-client="bob"] .acts button[data-action="drop"]`
	do(t, ctx, chromedp.Click(chromedp.CSS(drop)))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#fork-bar")))
	if txt := eval[string](t, ctx, `document.getElementById("fork-text").textContent`); !strings.Contains(txt, "drops the 2 later step(s)") {
		t.Fatalf("fork text %q", txt)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-fork-no")))
	do(t, ctx, chromedp.WaitNotVisible(chromedp.CSS("#fork-bar")))
	position(t, ctx, total-2, total)
	do(t, ctx, chromedp.Click(chromedp.CSS(drop)))
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-fork-yes")))
	position(t, ctx, total-1, total-1)
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-idle")))
	waitText(t, ctx, field("type"), "c2s_destroyed")
	waitText(t, ctx, alice+" .why", "ended: closed")
	// A destroyed session stays, greyed, until dismissed.
	do(t, ctx, chromedp.Click(chromedp.CSS(alice+" button.dismiss")))
	waitJS(t, ctx, `document.querySelectorAll("article[data-session]").length === 0`, "the card to go")
	pe.check(t)
}

func TestBrowserLogNetworkAndFaults(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `(async () => { const n = await sessionscope.addClient({user: "dave", password: "pw"});
		await sessionscope.act(n, "connect"); await sessionscope.step(); await sessionscope.act(n, "open");
		await sessionscope.step(); await sessionscope.act(n, "auth"); return n; })()`)
	// The auth is in flight: its credentials are masked on the chip.
	chip := `#network li.flight.in .chip`
	waitJS(t, ctx, `[...document.querySelectorAll("#network .chip")].some(c => c.textContent.includes("auth"))`, "the auth chip")
	if txt := eval[string](t, ctx, `document.querySelector("#network .chip").textContent`); !strings.Contains(txt, "••••••") {
		t.Fatalf("chip %q does not mask the credentials", txt)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(chip)))
	waitJS(t, ctx, `document.getElementById("log-detail").textContent.includes("<auth")`, "the inspected stanza")
	detail := eval[string](t, ctx, `document.getElementById("log-detail").textContent`)
	if !strings.Contains(detail, "••••••") || strings.Contains(detail, "AGRhdmUAcHc=") {
		t.Fatalf("detail does not mask the PLAIN payload:\n%s", detail)
	}
	// Delay, then drop: both recorded inputs.
	before := eval[int](t, ctx, `sessionscope.position().total`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`#network button[data-drop]`)))
	waitText(t, ctx, "#flight-count", "(0 pending)")
	waitJS(t, ctx, fmt.Sprintf(`sessionscope.position().total === %d`, before+1), "the drop to be recorded")
	// The drop replays: back one and forward one gives the same queue.
	key(t, ctx, kb.ArrowLeft)
	waitText(t, ctx, "#flight-count", "(1 pending)")
	key(t, ctx, kb.ArrowRight)
	waitText(t, ctx, "#flight-count", "(0 pending)")
	// Log: rows, filters, reveal and click-to-seek.
	waitJS(t, ctx, `document.querySelectorAll("#log tr").length >= 4`, "log rows")
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-dir"), "out"))
	eval[bool](t, ctx, `document.getElementById("f-dir").dispatchEvent(new Event("change"))`)
	waitJS(t, ctx, `[...document.querySelectorAll("#log tr")].every(r => r.classList.contains("out"))`, "only S→C rows")
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-dir"), ""))
	eval[bool](t, ctx, `document.getElementById("f-dir").dispatchEvent(new Event("change"))`)
	waitJS(t, ctx, `document.querySelector("#log tr:nth-child(2)").classList.contains("in")`, "all rows again")
	eval[bool](t, ctx, `(() => { document.querySelector("#log tr:nth-child(2)").click(); return true; })()`)
	waitJS(t, ctx, `document.getElementById("log-detail").textContent.includes("<stream:stream")`, "the header in the detail")
	waitJS(t, ctx, `sessionscope.position().step < sessionscope.position().total`, "the timeline to seek back")
	// A script's click: the stage above the log may still be resizing
	// after the seek, which can move the box under a pointer's click.
	eval[bool](t, ctx, `(document.getElementById("f-reveal").click(), true)`)
	waitJS(t, ctx, `!!document.getElementById("f-reveal").checked`, "reveal")
	pe.check(t)
}

func TestBrowserPersistenceAndSharing(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBob)
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-back")))
	position(t, ctx, total-1, total)
	want := eval[string](t, ctx, cards)
	waitJS(t, ctx, fmt.Sprintf(`document.getElementById("status").dataset.saved === "%d/%d"`, total-1, total), "the run to be saved")
	do(t, ctx, chromedp.Reload())
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	position(t, ctx, total-1, total)
	if got := eval[string](t, ctx, cards); got != want {
		t.Fatalf("after reload:\n%s\n---\n%s", got, want)
	}
	// Without the localStorage hint the page is ready before IndexedDB
	// opens, and still restores the saved run it then finds.
	if eval[string](t, ctx, `localStorage.getItem("sessionscope.saved") || ""`) != "1" {
		t.Fatal("saving did not leave the hint")
	}
	eval[any](t, ctx, `localStorage.removeItem("sessionscope.saved")`)
	do(t, ctx, chromedp.Reload())
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
	position(t, ctx, total-1, total)
	if got := eval[string](t, ctx, cards); got != want {
		t.Fatalf("after reload without the hint:\n%s\n---\n%s", got, want)
	}
	// A run saved under a name comes back from the lessons menu.
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#save-name"), "login demo"), chromedp.Click(chromedp.CSS("#btn-save-named")))
	waitJS(t, ctx, `!!document.querySelector('#lesson-menu option[value="saved:login_demo"]')`, "the saved run in the menu")
	eval[any](t, ctx, `sessionscope.reset()`)
	position(t, ctx, 0, 0)
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#lesson-menu"), "saved:login_demo"), chromedp.Click(chromedp.CSS("#btn-lesson")))
	position(t, ctx, total-1, total)
	if got := eval[string](t, ctx, cards); got != want {
		t.Fatalf("saved run:\n%s\n---\n%s", got, want)
	}
	// Share: the link replays the run to the same step in a fresh page.
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-share")))
	waitJS(t, ctx, `location.hash.startsWith("#run=")`, "the link")
	link := eval[string](t, ctx, `location.href`)
	if strings.ContainsAny(strings.SplitN(link, "#run=", 2)[1], "+/=") {
		t.Fatalf("link is not base64url: %s", link)
	}
	do(t, ctx, chromedp.Navigate("about:blank")) // so that the link loads a fresh page
	load(t, ctx, link)
	position(t, ctx, total-1, total)
	if got := eval[string](t, ctx, cards); got != want {
		t.Fatalf("shared link:\n%s\n---\n%s", got, want)
	}
	pe.check(t)
}

func TestBrowserUserTextIsInert(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	evil := `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`
	script := `(async () => {
		const a = await sessionscope.addClient({user: "erin", password: "pw", resource: ` + "`" + evil + "`" + `});
		const b = await sessionscope.addClient({user: "frank", password: "pw", resource: "desk"});
		for (const n of [a, b]) for (const act of ["connect", "open", "auth", "open", "bind"]) {
			await sessionscope.act(n, act); await sessionscope.step();
		}
		await sessionscope.act(b, "presence", {status: ` + "`" + evil + "`" + `});
		await sessionscope.step();
		return a;
	})()`
	eval[string](t, ctx, script)
	// The message and the raw XML go through the clients panel's forms.
	frank := `li[data-client="frank"] `
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(frank+"select[data-argact]"), "message"),
		chromedp.SetValue(chromedp.CSS(frank+"input[data-args]"), "to=erin@localhost; body="+evil),
		chromedp.Click(chromedp.CSS(frank+"button[data-actwith]")))
	waitJS(t, ctx, `[...document.querySelectorAll("#network .chip")].some(c => c.textContent.includes("message"))`, "the message in flight")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(frank+"textarea[data-raw]"), evil),
		chromedp.Click(chromedp.CSS(frank+"button[data-send]")))
	waitJS(t, ctx, `document.querySelectorAll("#network .chip").length === 2`, "the raw XML in flight")
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-idle")))
	waitJS(t, ctx, `[...document.querySelectorAll("#log tr")].some(r => r.textContent.includes("body · <img src=x"))`, "the message body in the log")
	waitJS(t, ctx, `document.body.innerText.includes('onerror="window.__xss=1"')`, "the evil text shown as text")
	// Open every log row's detail, so that every stanza has been rendered.
	eval[bool](t, ctx, `(() => { for (const r of document.querySelectorAll("#log tr")) r.click(); return true; })()`)
	waitJS(t, ctx, `document.getElementById("log-detail").textContent.length > 0`, "the detail")
	checks := eval[string](t, ctx, `[typeof window.__xss, document.querySelectorAll("img").length,
		document.querySelectorAll("script").length].join(" ")`)
	// The page's own scripts: the compile starter in the head, wasm_exec.js
	// and app.js.
	if checks != "undefined 0 3" {
		t.Fatalf("injected markup ran or was parsed: __xss, img count, script count = %s", checks)
	}
	if !eval[bool](t, ctx, `[...document.querySelectorAll("[data-field=resource] .v")].some(e => e.textContent.includes("<img src=x"))`) {
		t.Fatal("the resource is not shown as text")
	}
	pe.check(t)
}

func TestBrowserServerPanelAndLessons(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	// Before the run, the configuration is editable.
	do(t, ctx, chromedp.Click(chromedp.CSS("#config-box summary")),
		chromedp.SetValue(chromedp.CSS("#cfg-conflict"), "kick_new"),
		chromedp.SetValue(chromedp.CSS("#cfg-timeout"), "60"),
		chromedp.Click(chromedp.CSS("#btn-config")))
	waitText(t, ctx, "#status", "Configuration applied.")
	got := eval[string](t, ctx, `sessionscope.scenario().then(s => s.config.server.conflict_resolve + " " + s.config.server.c2s_timeout)`)
	if got != "kick_new 60" {
		t.Fatalf("configuration %q", got)
	}
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#acc-user"), "gina"), chromedp.Click(chromedp.CSS("#btn-account")))
	waitJS(t, ctx, `!!document.querySelector('#account-list li[data-account="gina"]')`, "gina's account")
	waitJS(t, ctx, `document.getElementById("cfg-conflict").disabled`, "the configuration to lock")
	do(t, ctx, chromedp.Click(chromedp.CSS(`#account-list li[data-account="gina"] button[data-disable]`)))
	waitJS(t, ctx, `document.querySelector('#account-list li[data-account="gina"]').classList.contains("disabled")`, "gina disabled")
	// A lesson: the narration follows the timeline.
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-lesson")))
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("Step 1 of")`, "the first narration")
	if n := eval[string](t, ctx, `document.getElementById("narration").textContent`); !strings.Contains(n, "Romeo connects") {
		t.Fatalf("narration %q", n)
	}
	// A login is five stops (stream open, features, SASL, restart, bind):
	// Next reaches the script's second action after them.
	for i := 0; i < 5; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS("#btn-lesson-next")))
	}
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("Step 2 of")`, "the second narration")
	shot(t, ctx, "lesson-step-2")
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-lesson-prev")))
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("Step 1 of")`, "the first narration again")
	key(t, ctx, kb.End)
	waitJS(t, ctx, `/Step [0-9]+ of/.test(document.getElementById("narration").textContent) && !document.getElementById("narration").textContent.includes("Step 1 of")`, "a later narration")
	// sessionscope.load plays any script.
	scs := "# Console\n\n[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: pw\n\n---------\n\n# She logs in.\nJuliet connects\n\nJuliet disconnects\n"
	got = eval[string](t, ctx, fmt.Sprintf(`sessionscope.load(%q).then(p => p.step + "/" + p.total)`, scs))
	if got == "" || strings.HasPrefix(got, "0/") {
		t.Fatalf("load gave %q", got)
	}
	// The narration of a login goes with its last stop, the bind.
	for i := 0; i < 4; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS("#btn-lesson-next")))
	}
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("She logs in")`, "the script's narration")
	// Each expectation passes or fails where it happens.
	scs = "# Verdicts\n\n[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: pw\n\n---------\n\n" +
		"Juliet connects\n\nJuliet sends:\n\t<presence/>\n\n# The reflection is available presence.\nJuliet receives:\n\t<presence type='unavailable'/>\n"
	eval[string](t, ctx, fmt.Sprintf(`sessionscope.load(%q).then(p => sessionscope.seek(p.total)).then(p => p.step + "/" + p.total)`, scs))
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("✗ Failed")`, "the failed expectation")
	eval[string](t, ctx, `sessionscope.seek(0).then(() => sessionscope.lessonStop()).then(s => "" + s.stop)`)
	for i := 0; i < 5; i++ {
		do(t, ctx, chromedp.Click(chromedp.CSS("#btn-lesson-next")))
	}
	waitJS(t, ctx, `document.getElementById("narration").textContent.includes("✓")`, "the passed step")
	pe.check(t)
}

func TestBrowserScreenshots(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[int](t, ctx, loginBob)
	// Alice is half-way through her login: her stream just opened (fields
	// changed), and her <auth> is in flight.
	eval[string](t, ctx, `(async () => { const n = await sessionscope.addClient({user: "alice", password: "pw", resource: "laptop"});
		await sessionscope.act(n, "connect"); await sessionscope.step(); await sessionscope.act(n, "open");
		await sessionscope.step(); await sessionscope.act(n, "auth");
		await sessionscope.act("bob", "message", {to: "alice@localhost", body: "hello"}); return n; })()`)
	waitJS(t, ctx, `document.querySelectorAll("#network .chip").length === 2`, "two chips in flight")
	eval[bool](t, ctx, `(() => { document.querySelector("#network .chip").click(); return true; })()`)
	waitJS(t, ctx, `document.getElementById("log-detail").textContent.includes("<auth")`, "the inspected auth")
	for _, w := range []int64{1280, 400} {
		do(t, ctx, chromedp.EmulateViewport(w, 800))
		waitJS(t, ctx, fmt.Sprintf("window.innerWidth === %d", w), "the viewport")
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		save(t, fmt.Sprintf("page-%d", w), png)
		shot(t, ctx, fmt.Sprintf("page-%d-full", w))
		if over := eval[string](t, ctx, `[...document.querySelectorAll("body *")].filter(e =>
			e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".log-wrap, .xml, [hidden]"))
			.map(e => e.tagName + "." + e.className + "#" + e.id + "<" + e.parentElement.className + " " + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join(" ")`); over != "" {
			t.Errorf("at %d px these stick out sideways: %s", w, over)
		}
	}
	pe.check(t)
}

// TestBrowserInvariantBadges checks the badges under the sessions heading:
// one per invariant of the state table, each holding through a login and
// after going back, each with its rule for the mouse and screen readers.
func TestBrowserInvariantBadges(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	const badges = `[...document.querySelectorAll("#invariants li")].map(li =>
		li.firstChild.textContent + (li.classList.contains("broken") ? " BROKEN" : "") + (li.title && li.tabIndex === 0 ? "" : " NO RULE")).join("|")`
	want := strings.Join([]string{"✓ no username before auth", "✓ bound ⇔ resource and full JID", "✓ priority ⇔ presence",
		"✓ interested and available are bound", "✓ destroyed keeps only its id", "✓ one session per full JID"}, "|")
	waitJS(t, ctx, `document.querySelectorAll("#invariants li").length === 6`, "the badges")
	eval[int](t, ctx, loginBob)
	eval[any](t, ctx, `(async () => { await sessionscope.act("bob", "close"); await sessionscope.step(); })()`)
	if got := eval[string](t, ctx, badges); got != want {
		t.Errorf("badges after a login and a close:\n got %s\nwant %s", got, want)
	}
	eval[any](t, ctx, `sessionscope.back(3)`)
	if got := eval[string](t, ctx, badges); got != want {
		t.Errorf("badges after going back:\n got %s\nwant %s", got, want)
	}
	api := eval[string](t, ctx, `sessionscope.invariants().then(rs => rs.map(r => (r.holds ? "✓ " : "✗ ") + r.name + (r.rule ? "" : " NO RULE")).join("|"))`)
	if api != want {
		t.Errorf("sessionscope.invariants():\n got %s\nwant %s", api, want)
	}
	if rule := eval[string](t, ctx, `document.querySelector("#invariants li .sr-only").textContent`); !strings.Contains(rule, "SASL success") {
		t.Errorf("the first badge's rule for screen readers is %q", rule)
	}
	pe.check(t)
}

// TestBrowserPauseOn plays with "pause on" set: playback stops at the step
// where the chosen thing happens, says what it was, and goes on from there
// when played again.
func TestBrowserPauseOn(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	carol := eval[string](t, ctx, `(async () => { const n = await sessionscope.addClient({user: "carol", password: "pw"});
		await sessionscope.act(n, "connect"); await sessionscope.act(n, "open"); return n; })()`)
	for range 9 {
		key(t, ctx, "+")
	}
	waitText(t, ctx, "#speed-out", "1e+02/s")
	pauseOn := func(what string) {
		eval[bool](t, ctx, fmt.Sprintf(`(s => { s.value = %q; s.dispatchEvent(new Event("change")); return true; })(document.getElementById("pause-on"))`, what))
	}
	play := func() {
		t.Helper()
		// Every playback here ends by saying why it paused; it may do so
		// before a poll could see the Pause button.
		eval[bool](t, ctx, `(document.getElementById("status").textContent = "", true)`)
		key(t, ctx, " ")
		waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("Paused:") &&
			document.getElementById("btn-play").textContent === "Play"`, "playback to pause")
	}
	status := func() string { return eval[string](t, ctx, `document.getElementById("status").textContent`) }

	pauseOn("state")
	base := eval[int](t, ctx, `sessionscope.position().step`)
	play() // the TCP connection is delivered: a session is created
	position(t, ctx, base+1, base+1)
	if s := status(); !strings.HasPrefix(s, "Paused: "+carol+"'s session c2s") || !strings.HasSuffix(s, " is now connected.") {
		t.Errorf("status %q after the first pause", s)
	}
	play() // the stream header is answered
	position(t, ctx, base+2, base+2)
	if s := status(); !strings.HasSuffix(s, " is now stream open.") {
		t.Errorf("status %q after the second pause", s)
	}

	pauseOn("error")
	eval[any](t, ctx, fmt.Sprintf(`sessionscope.send(%q, "<message><body>&bad;</body></message>")`, carol))
	play()
	if s := status(); s != "Paused: an error reached "+carol+"." {
		t.Errorf("status %q, want the error", s)
	}
	// The log shows the error as its last row once the next frame renders.
	waitJS(t, ctx, `(r => !!r && r.textContent.includes("S→C") && r.textContent.includes("error · not-well-formed"))(
		[...document.querySelectorAll("#log tr")].pop())`, "the stream error as the log's last row")
	if n := eval[int](t, ctx, `sessionscope.inFlight().then(f => (f || []).length)`); n == 0 {
		t.Error("playback went on to idle instead of pausing at the error")
	}

	pauseOn("end")
	eval[string](t, ctx, `(async () => { const n = await sessionscope.addClient({user: "dave", password: "pw"});
		for (const a of ["connect", "open", "drop"]) await sessionscope.act(n, a); return n; })()`)
	play() // the connection, the stream header, then the TCP close: the session ends
	if s := status(); !strings.HasPrefix(s, "Paused: dave's session c2s") || !strings.HasSuffix(s, " is now destroyed.") {
		t.Errorf("status %q, want the session's end", s)
	}
	// The server's answers to dave's header are still in flight.
	if n := eval[int](t, ctx, `sessionscope.inFlight().then(f => (f || []).length)`); n == 0 {
		t.Error("playback went on to idle instead of pausing at the session's end")
	}

	pauseOn("")
	play() // nothing to pause on: plays until idle
	if n := eval[int](t, ctx, `sessionscope.inFlight().then(f => (f || []).length)`); n != 0 {
		t.Errorf("%d deliveries left after playing with nothing to pause on", n)
	}
	pe.check(t)
}
