//go:build browser

package web_test

import "testing"

// TestBrowserLongWorkLetsThePagePaint runs work that takes seconds on the
// page's only thread (a crowd of logins, going back one step, which
// replays the whole run, and replaying it again from the start) and counts the animation frames the browser paints meanwhile:
// the worker must let the event loop run, or there would be none.
func TestBrowserLongWorkLetsThePagePaint(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	frames := func(op string) int {
		t.Helper()
		r := eval[[2]float64](t, ctx, `(async () => {
			let frames = 0, on = true;
			const tick = () => { if (on) { frames++; requestAnimationFrame(tick); } };
			requestAnimationFrame(tick);
			const t0 = performance.now();
			await `+op+`;
			on = false;
			return [frames, performance.now() - t0];
		})()`)
		t.Logf("%s: %.0f frames in %.0f ms", op, r[0], r[1])
		return int(r[0])
	}
	eval[any](t, ctx, `sessionscope.configure({authentication: "insecure"})`)
	if n := frames(`sessionscope.crowd(2500)`); n < 5 {
		t.Errorf("%d frames painted while 2,500 clients logged in", n)
	}
	if n := frames(`sessionscope.back(1)`); n < 2 {
		t.Errorf("%d frames painted while going back one step, which replays the run", n)
	}
	eval[any](t, ctx, `sessionscope.seek(0)`)
	if n := frames(`sessionscope.seek(1e9)`); n < 2 {
		t.Errorf("%d frames painted while replaying to the end", n)
	}
	if got := eval[string](t, ctx, `sessionscope.allSessions().then(s => s.filter(x => x.state === "bound").length + "")`); got != "2500" {
		t.Errorf("%s sessions bound after the replay, want 2500", got)
	}
	pe.check(t)
}
