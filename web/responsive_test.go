//go:build browser

package web_test

import "testing"

// TestBrowserLongWorkLetsThePagePaint runs work that takes seconds on the
// page's only thread (a crowd of 5,000 logins, going back one step, which
// replays the whole run unobserved, and replaying it again from the
// start, observed) and counts the animation frames the browser paints
// meanwhile: the worker must let the event loop run, or there would be
// none. (Going back replays about twice as fast as a seek: the crowd is
// large enough for it to take most of a second.)
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
	if n := frames(`sessionscope.crowd(5000)`); n < 5 {
		t.Errorf("%d frames painted while 5,000 clients logged in", n)
	}
	if n := frames(`sessionscope.back(1)`); n < 2 {
		t.Errorf("%d frames painted while going back one step, which replays the run", n)
	}
	eval[any](t, ctx, `sessionscope.seek(0)`)
	if n := frames(`sessionscope.seek(1e9)`); n < 2 {
		t.Errorf("%d frames painted while replaying to the end", n)
	}
	if got := eval[string](t, ctx, `sessionscope.allSessions().then(s => s.filter(x => x.state === "bound").length + "")`); got != "5000" {
		t.Errorf("%s sessions bound after the replay, want 5000", got)
	}
	pe.check(t)
}
