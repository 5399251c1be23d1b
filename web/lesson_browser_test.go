//go:build browser

package web_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// stopState is what the page shows at a lesson's stop.
type stopState struct {
	Stop, Stops, Step int
	Caption, Stanza   string
	Changed           int
}

const readStop = `sessionscope.lessonStop().then(s => JSON.stringify({stop: s.stop, stops: s.stops,
	step: sessionscope.position().step,
	caption: document.querySelector("[data-lesson-caption]").textContent,
	stanza: document.querySelector("[data-lesson-stanza]").textContent,
	changed: document.querySelectorAll("[data-field][data-changed]").length}))`

// TestBrowserLessonStops: in every built-in lesson, Next moves to the next
// stop at every press, with a caption, until the last stop; Back then
// returns through the same stops to the first. Stops show the stanza that
// caused them and the fields they changed.
func TestBrowserLessonStops(t *testing.T) {
	ctx, url, pe := browserFor(t, 4*time.Minute)
	load(t, ctx, url)
	var names []string
	if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(sessionscope.lessons())`)), &names); err != nil || len(names) < 10 {
		t.Fatalf("lessons() = %v, %v", names, err)
	}
	read := func() stopState {
		var s stopState
		if err := json.Unmarshal([]byte(eval[string](t, ctx, readStop)), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// wait waits until the page shows stop k, its caption painted.
	wait := func(k int) stopState {
		waitJS(t, ctx, fmt.Sprintf(`sessionscope.lessonStop().then(s => s.stop === %d &&
			s.caption === document.querySelector("[data-lesson-caption]").textContent)`, k), fmt.Sprintf("stop %d", k))
		return read()
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			eval[string](t, ctx, fmt.Sprintf(`sessionscope.lesson(%q).then(s => "" + s.stop)`, name))
			first := wait(1)
			steps, captions, stanzas, changed := []int{first.Step}, 0, 0, 0
			for k := 2; k <= first.Stops; k++ {
				eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
				s := wait(k)
				if s.Step <= steps[len(steps)-1] {
					t.Fatalf("Next to stop %d left the position at %d (was %d)", k, s.Step, steps[len(steps)-1])
				}
				steps = append(steps, s.Step)
				if s.Caption != "" {
					captions++
				}
				if s.Stanza != "" {
					stanzas++
				}
				if s.Changed > 0 {
					changed++
				}
			}
			for k := first.Stops - 1; k >= 1; k-- {
				eval[bool](t, ctx, `(document.querySelector("[data-lesson-back]").click(), true)`)
				if s := wait(k); s.Step != steps[k-1] {
					t.Fatalf("Back to stop %d is at %d, Next was at %d", k, s.Step, steps[k-1])
				}
			}
			if captions != first.Stops-1 || stanzas < first.Stops/2 || changed < first.Stops/3 {
				t.Errorf("%d stops: %d with a caption, %d with a stanza, %d with changed fields", first.Stops, captions, stanzas, changed)
			}
			t.Logf("%s: %d stops", name, first.Stops)
		})
	}
	pe.check(t)
}

// TestBrowserLessonComesBack: a lesson's stop survives a reload and a
// share link, with its narration, and Next goes on from there; New run
// then has the default configuration and a token can be fetched.
func TestBrowserLessonComesBack(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `sessionscope.lesson("resource_conflict").then(s => "" + s.stop)`)
	for i := 0; i < 3; i++ {
		eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
	}
	waitJS(t, ctx, `sessionscope.lessonStop().then(s => s.stop === 4)`, "stop 4")
	caption := eval[string](t, ctx, `sessionscope.lessonStop().then(s => s.caption)`)
	check := func(how string) {
		t.Helper()
		waitJS(t, ctx, `sessionscope.lessonStop().then(s => s.stop === 4 && s.lesson === "Resource conflict")`, "stop 4 after "+how)
		waitJS(t, ctx, fmt.Sprintf(`document.querySelector("[data-lesson-caption]").textContent === %q`, caption), "the caption after "+how)
		eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
		waitJS(t, ctx, `sessionscope.lessonStop().then(s => s.stop === 5)`, "Next after "+how)
		eval[bool](t, ctx, `(document.querySelector("[data-lesson-back]").click(), true)`)
		waitJS(t, ctx, `sessionscope.lessonStop().then(s => s.stop === 4)`, "Back after "+how)
	}
	waitJS(t, ctx, `document.getElementById("status").dataset.saved === sessionscope.position().step + "/" + sessionscope.position().total`, "the run saved")
	load(t, ctx, url)
	check("a reload")
	link := eval[string](t, ctx, `(document.getElementById("btn-share").click(), new Promise(r => setTimeout(() => r(location.href), 300)))`)
	ctx2, _, _ := browser(t)
	load(t, ctx2, link)
	ctx = ctx2
	check("a share link")
	eval[bool](t, ctx, `(window.confirm = () => true, document.getElementById("btn-new").click(), true)`)
	waitJS(t, ctx, `sessionscope.position().total === 0 && document.getElementById("lesson-stage").hidden`, "a new run")
	got := eval[string](t, ctx, `sessionscope.scenario().then(s => s.config.server.conflict_resolve + " " + !!s.config.token)`)
	if got != "kick_old true" {
		t.Errorf("New run's configuration: %s", got)
	}
	eval[string](t, ctx, `(async () => { const c = await sessionscope.addClient({user: "alice", password: "pw", resource: "r"});
		for (const a of ["connect", "open", "auth", "open", "bind", "token"]) { await sessionscope.act(c, a); await sessionscope.step(); }
		return c; })()`)
	waitJS(t, ctx, `[...document.querySelectorAll("#ti-pick option")].some(o => o.textContent.includes("held by client alice"))`, "alice's token")
	pe.check(t)
}

// outOfView lists what a teacher must see at a stop but cannot: the
// caption, the stanza that caused the stop and every field it changed,
// each wholly inside the window.
const outOfView = `(() => {
	const out = [], H = innerHeight, W = innerWidth;
	const check = (e, what) => {
		const r = e.getBoundingClientRect();
		if (r.top < -1 || r.bottom > H + 1 || r.left < -1 || r.right > W + 1) out.push(what + " at " + Math.round(r.top) + ".." + Math.round(r.bottom));
	};
	check(document.querySelector("[data-lesson-caption]"), "the caption");
	const st = document.querySelector("[data-lesson-stanza]");
	if (st.textContent) check(st, "the stanza");
	for (const f of document.querySelectorAll("[data-field][data-changed]")) check(f, "field " + f.dataset.field);
	return JSON.stringify(out);
})()`

// shots are the stops photographed for people to look at: a login's
// bind, one session replacing another, and a message kept offline.
var shots = map[string]bool{"the_session/5": true, "resource_conflict/10": true, "offline_messages/20": true}

// TestBrowserLessonStopsInView: at every stop of every lesson, on a laptop
// (1280×800) and on a phone (390×844), the narration, the stanza that
// caused the stop and every field it changed are on screen together.
func TestBrowserLessonStopsInView(t *testing.T) {
	for _, size := range [][2]int64{{1280, 800}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx, url, pe := browserFor(t, 4*time.Minute)
			do(t, ctx, chromedp.EmulateViewport(size[0], size[1]))
			load(t, ctx, url)
			var names []string
			if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(sessionscope.lessons())`)), &names); err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				stops := eval[int](t, ctx, fmt.Sprintf(`sessionscope.lesson(%q).then(s => s.stops)`, name))
				for k := 1; k <= stops; k++ {
					if k > 1 {
						eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
					}
					waitJS(t, ctx, fmt.Sprintf(`sessionscope.lessonStop().then(s => s.stop === %d &&
						s.caption === document.querySelector("[data-lesson-caption]").textContent)`, k), fmt.Sprintf("%s stop %d", name, k))
					var out []string
					if err := json.Unmarshal([]byte(eval[string](t, ctx, outOfView)), &out); err != nil {
						t.Fatal(err)
					}
					if len(out) > 0 {
						t.Errorf("%s, stop %d of %d: out of view: %v", name, k, stops, out)
					}
					if shots[fmt.Sprintf("%s/%d", name, k)] {
						png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
						if err != nil {
							t.Fatal(err)
						}
						save(t, fmt.Sprintf("lesson-%s-%d-%dpx", name, k, size[0]), png)
					}
				}
			}
			pe.check(t)
		})
	}
}
