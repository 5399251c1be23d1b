//go:build browser && browserbench

package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/sim/deflate"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/web"
	"github.com/sessionscope/sessionscope/web/webtest"
)

// TestBrowserBench measures the page in headless Chromium and logs the
// figures: wasm size, navigation to ready, and the cost of one step with
// many live sessions. It asserts nothing about speed: run it with
//
//	go test -tags 'browser browserbench' -run BrowserBench -v ./web/
func TestBrowserBench(t *testing.T) {
	raw, err := fs.ReadFile(web.Files, "main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	t.Logf("main.wasm: %.2f MB raw, %.2f MB gzip -9", mb(len(raw)), mb(gz.Len()))

	benchFresh(t)
	ctx, url, pe := browserFor(t, 20*time.Minute)
	benchReady(t, ctx, url, "no saved run")
	// A saved run must be restored before the page is ready.
	eval[int](t, ctx, loginBob)
	waitJS(t, ctx, `(document.getElementById("status").dataset.saved || "").endsWith("/18")`, "the run to be saved")
	benchReady(t, ctx, url, "a saved run of 18 inputs")
	eval[any](t, ctx, `sessionscope.reset()`)

	if len(benchSizes) > 0 {
		benchHashedBack(t, ctx, url)
		benchHashedCrowd(t, ctx, url, 1000)
	}
	for _, n := range benchSizes {
		do(t, ctx, chromedp.Navigate("about:blank"))
		load(t, ctx, url)
		eval[any](t, ctx, `sessionscope.reset()`)
		start := time.Now()
		eval[string](t, ctx, fmt.Sprintf(`(async () => {
			await sessionscope.configure({authentication: "insecure"});
			const p = await sessionscope.crowd(%d);
			return p.step + "/" + p.total; })()`, n))
		live := eval[int](t, ctx, `sessionscope.allSessions().then(s => s.filter(x => x.state === "bound").length)`)
		t.Logf("%d sessions: logged in (%d bound) in %v", n, live, time.Since(start).Round(time.Millisecond))
		benchSteps(t, ctx, n)
		benchScroll(t, ctx, n)
	}
	pe.check(t)
}

// benchFresh opens the page five times in a fresh browser profile each
// (nothing cached: a first visit), with nothing in the address, then with
// a share link of about 1,000 inputs (56 users logged in with hashed
// passwords), and logs navigation to ready by the page's clock.
func benchFresh(t *testing.T) {
	t.Helper()
	tl, err := engine.NewTimeline(engine.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Crowd(56); err != nil {
		t.Fatal(err)
	}
	s := tl.Scenario()
	frag, err := engine.EncodeFragment(deflate.Packer{}, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, hash string }{
		{"first visit", ""},
		{fmt.Sprintf("a share link of %d inputs (%d characters)", len(s.Inputs), len(frag)), "#run=" + frag},
	} {
		var readies []time.Duration
		for range 5 {
			ctx, url := webtest.Start(t, web.Handler(web.Files), time.Minute)
			do(t, ctx, chromedp.Navigate(url+"/"+c.hash), chromedp.WaitVisible(chromedp.CSS(`#status[data-ready="true"]`)))
			ms := eval[float64](t, ctx, `window.__boot.ready`)
			readies = append(readies, time.Duration(ms*float64(time.Millisecond)))
		}
		med, worst := medianWorst(readies)
		t.Logf("%s, fresh profile: navigation to ready, by the page's clock (5 loads): median %v, worst %v", c.what, med.Round(time.Millisecond), worst.Round(time.Millisecond))
	}
}

// benchReady loads the page five times and logs the time from navigation
// to ready: by the page's own clock (performance.now at ready), and as the
// test sees it over CDP, round trips included.
func benchReady(t *testing.T, ctx context.Context, url, what string) {
	t.Helper()
	var readies, pageReadies []time.Duration
	for range 5 {
		do(t, ctx, chromedp.Navigate("about:blank"))
		readies = append(readies, load(t, ctx, url))
		ms := eval[float64](t, ctx, `window.__boot.ready`)
		pageReadies = append(pageReadies, time.Duration(ms*float64(time.Millisecond)))
	}
	t.Logf("%s: start-up milestones (ms since navigation): %s", what, eval[string](t, ctx, `JSON.stringify(window.__boot)`))
	med, worst := medianWorst(pageReadies)
	t.Logf("%s: navigation to ready, by the page's clock (5 loads): median %v, worst %v", what, med.Round(time.Millisecond), worst.Round(time.Millisecond))
	med, worst = medianWorst(readies)
	t.Logf("%s: navigation to ready, as the test sees it over CDP (5 loads): median %v, worst %v", what, med.Round(time.Millisecond), worst.Round(time.Millisecond))
}

// benchSteps queues a roster get for 50 clients, then takes 100 steps one
// at a time, each followed by the animation frame that renders it. It
// logs the wall time per step (including the wait for the frame) and the
// page's own cost (engine work, publishing and rendering).
func benchSteps(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	out := eval[string](t, ctx, `(async () => {
		const names = (await sessionscope.clients()).slice(0, 50).map(c => c.name);
		for (const n of names) await sessionscope.act(n, "roster-get");
		const wall = [], shown = [], cost = [], work = [], render = [], resolve = [];
		// A frame's callbacks get the frame's start time: the frame that
		// shows the step, whatever ran before this callback in it.
		const frame = () => new Promise(r => requestAnimationFrame(ts => r(ts)));
		await frame();
		for (let i = 0; i < 100; i++) {
			const t0 = performance.now();
			await sessionscope.forward(1);
			resolve.push(performance.now() - t0);
			const ts = await frame();
			wall.push(performance.now() - t0);
			shown.push(ts - t0);
			const s = sessionscope.stats();
			cost.push(s.work + s.render); work.push(s.work); render.push(s.render);
		}
		return JSON.stringify({wall, shown, cost, work, render, resolve});
	})()`)
	var r struct{ Wall, Shown, Cost, Work, Render, Resolve []float64 }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	wm, ww := medianWorstF(r.Wall)
	cm, cw := medianWorstF(r.Cost)
	km, kw := medianWorstF(r.Work)
	rm, rw := medianWorstF(r.Render)
	pm, pw := medianWorstF(r.Resolve)
	sm, sw := medianWorstF(r.Shown)
	t.Logf("%d sessions: forward(1) promise settled after median %.2f ms, worst %.2f ms", n, pm, pw)
	t.Logf("%d sessions: worker (engine + view) median %.2f ms, worst %.2f ms; render median %.2f ms, worst %.2f ms", n, km, kw, rm, rw)
	t.Logf("%d sessions: one step, work+render: median %.2f ms, worst %.2f ms; wall incl. frame wait: median %.2f ms, worst %.2f ms",
		n, cm, cw, wm, ww)
	t.Logf("%d sessions: from forward(1) to the start of the frame that shows it: median %.2f ms, worst %.2f ms", n, sm, sw)
	back := eval[string](t, ctx, `(async () => {
		const ts = [];
		for (let i = 0; i < 3; i++) { const t0 = performance.now(); await sessionscope.back(1); ts.push(performance.now() - t0); }
		const p = sessionscope.position();
		return ts.map(x => x.toFixed(0)).join(", ") + " ms at position " + p.step + " of " + p.total;
	})()`)
	t.Logf("%d sessions: one step back at once, three times (the spare engine not ready: replayed from it or the seed): %s", n, back)
	back = eval[string](t, ctx, `(async () => {
		const ts = [], ready = [];
		for (let i = 0; i < 3; i++) {
			const w0 = performance.now();
			while (!(await sessionscope.spare()).ready) await new Promise(r => setTimeout(r, 20));
			ready.push(performance.now() - w0);
			const t0 = performance.now(); await sessionscope.back(1); ts.push(performance.now() - t0);
		}
		const p = sessionscope.position();
		return ts.map(x => x.toFixed(0)).join(", ") + " ms at position " + p.step + " of " + p.total +
			"; the spare was ready after " + ready.map(x => x.toFixed(0)).join(", ") + " ms idle; module memory " +
			(window.__boot.memory() / 1e6).toFixed(0) + " MB";
	})()`)
	t.Logf("%d sessions: one step back with the spare engine ready, three times: %s", n, back)
}

// benchHashedBack logs 20 users in with hashed passwords (Prosody's
// default 10,000 iterations: PBKDF2 for each account and each PLAIN login),
// then goes back one step three times. Each replay finds the derived keys
// in the timeline's cache, so it costs what the protocol work costs.
func benchHashedBack(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate("about:blank"))
	load(t, ctx, url)
	out := eval[string](t, ctx, `(async () => {
		await sessionscope.reset();
		let t0 = performance.now();
		await sessionscope.crowd(20);
		const crowd = performance.now() - t0;
		const ts = [];
		for (let i = 0; i < 3; i++) { t0 = performance.now(); await sessionscope.back(1); ts.push(performance.now() - t0); }
		return crowd.toFixed(0) + " ms to log in; back one step: " + ts.map(x => x.toFixed(0)).join(", ") + " ms";
	})()`)
	t.Logf("20 users with hashed passwords: %s", out)
}

// benchHashedCrowd logs n users in with the default configuration:
// hashed passwords at 10,000 iterations, each account's keys derived
// (SCRAM-SHA-1 and SCRAM-SHA-256) by the browser's Web Crypto, each PLAIN
// login answered from them.
func benchHashedCrowd(t *testing.T, ctx context.Context, url string, n int) {
	t.Helper()
	do(t, ctx, chromedp.Navigate("about:blank"))
	load(t, ctx, url)
	out := eval[string](t, ctx, fmt.Sprintf(`(async () => {
		await sessionscope.reset();
		const t0 = performance.now();
		await sessionscope.crowd(%d);
		const ms = performance.now() - t0;
		const bound = (await sessionscope.allSessions()).filter(x => x.state === "bound").length;
		return ms.toFixed(0) + " ms, " + bound + " bound";
	})()`, n))
	t.Logf("crowd(%d) with hashed passwords: %s", n, out)
}

func medianWorstF(xs []float64) (float64, float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2], s[len(s)-1]
}

func mb(n int) float64 { return float64(n) / 1e6 }

func medianWorst(ds []time.Duration) (time.Duration, time.Duration) {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[len(s)-1]
}

// benchSizes are the session counts measured; BENCH_QUICK=1 measures
// none, BENCH_SIZES="1000 10000" those.
var benchSizes = func() []int {
	if os.Getenv("BENCH_QUICK") != "" {
		return nil
	}
	if s := os.Getenv("BENCH_SIZES"); s != "" {
		var sizes []int
		for _, f := range strings.Fields(s) {
			if n, err := strconv.Atoi(f); err == nil {
				sizes = append(sizes, n)
			}
		}
		return sizes
	}
	if os.Getenv("BENCH_SMALL") != "" {
		return []int{100}
	}
	return []int{100, 1000, 10000}
}()

// benchScroll measures the virtual lists. For the cards: 100 jumps spread
// over the whole list (as dragging the scrollbar does) and Page Down from
// the top (at most 300 times), each timed until cards fill the view
// again, and 300 frames of a wheel-like scroll of 120 px a frame, timing
// the frames and counting those that showed no card at an edge. For the
// log: 100 jumps over it. It logs the page's render cost meanwhile.
func benchScroll(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	// Let the page save the run first: saving a long run holds the page.
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	chromedp.Run(wctx, chromedp.Poll[bool](`(p => document.getElementById("status").dataset.saved === p.step + "/" + p.total)(sessionscope.position())`))
	out := eval[string](t, ctx, `(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(r));
		const filler = (s, sel, x) => () => { const r = s.getBoundingClientRect();
			const hit = y => !!document.elementFromPoint(r.left + x, y)?.closest(sel);
			return (hit(r.top + 30) || hit(r.top + 45)) && (hit(r.bottom - 4) || hit(r.bottom - 20)); };
		const task = () => new Promise(r => setTimeout(r, 0));
		// A jump is timed until a frame's render filled the view (checked
		// in a task after the frame).
		const jump = async (s, filled, top) => { const t0 = performance.now(); s.scrollTop = top; let f = 0;
			do { await frame(); await task(); f++; } while (!filled() && f < 600);
			return performance.now() - t0; };
		const cards = document.getElementById("sessions-scroll"), log = document.getElementById("log-scroll");
		cards.scrollIntoView({block: "end"});
		const cardsFilled = filler(cards, "article[data-session]", 30);
		const max = () => cards.scrollHeight - cards.clientHeight;
		const spread = [], pages = [], wheel = [], logJumps = [];
		let blank = 0, maxRender = 0;
		const watch = () => { maxRender = Math.max(maxRender, sessionscope.stats().render); };
		const t0 = performance.now();
		for (let i = 0; i < 100; i++) { spread.push(await jump(cards, cardsFilled, max() * i / 99)); watch(); }
		const spreadTotal = performance.now() - t0;
		await jump(cards, cardsFilled, 0);
		const t1 = performance.now();
		for (let i = 0; i < 300 && cards.scrollTop < max() - 1; i++) {
			pages.push(await jump(cards, cardsFilled, cards.scrollTop + cards.clientHeight * 0.9)); watch(); }
		const pagesTotal = performance.now() - t1;
		await jump(cards, cardsFilled, 0);
		let last = await frame();
		for (let i = 0; i < 300; i++) { cards.scrollTop += 120; const now = await frame(); wheel.push(now - last); last = now;
			await task(); // after the frame's own render
			if (!cardsFilled()) blank++; watch(); }
		log.scrollIntoView({block: "end"});
		const logFilled = filler(log, "#log tr", 20);
		const logMax = () => log.scrollHeight - log.clientHeight;
		const t2 = performance.now();
		for (let i = 0; i < 100; i++) { logJumps.push(await jump(log, logFilled, logMax() * i / 99)); watch(); }
		const logTotal = performance.now() - t2;
		return JSON.stringify({spread, spreadTotal, pages, pagesTotal, wheel, blank, logJumps, logTotal, maxRender,
			height: cards.scrollHeight, logRows: document.getElementById("log-count").textContent,
			dom: document.querySelectorAll("[data-session]").length + " cards, " + document.querySelectorAll("#log tr").length + " log rows"});
	})()`)
	var r struct {
		Spread, Pages, Wheel, LogJumps            []float64
		SpreadTotal, PagesTotal, LogTotal, Height float64
		MaxRender                                 float64
		Blank                                     int
		LogRows, Dom                              string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	sm, sw := medianWorstF(r.Spread)
	t.Logf("%d sessions: cards, 100 jumps over the list (%.0f px): each until filled median %.1f ms, worst %.1f ms; all %.0f ms",
		n, r.Height, sm, sw, r.SpreadTotal)
	pm, pw := medianWorstF(r.Pages)
	t.Logf("%d sessions: cards, %d × Page Down from the top: each median %.1f ms, worst %.1f ms; all %.0f ms",
		n, len(r.Pages), pm, pw, r.PagesTotal)
	wm, ww := medianWorstF(r.Wheel)
	t.Logf("%d sessions: cards, 300 frames scrolling 120 px each: frame median %.1f ms, worst %.1f ms; %d frames showed a blank edge",
		n, wm, ww, r.Blank)
	lm, lw := medianWorstF(r.LogJumps)
	t.Logf("%d sessions: log of %s, 100 jumps over it: each median %.1f ms, worst %.1f ms; all %.0f ms",
		n, r.LogRows, lm, lw, r.LogTotal)
	t.Logf("%d sessions: worst render while scrolling %.1f ms; in the DOM: %s", n, r.MaxRender, r.Dom)
}
