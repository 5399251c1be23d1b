//go:build browser

package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// stageRun steps a lesson stop by stop and reports the most animations
// seen running just after a Next, and whether envelopes were drawn.
func stageRun(t *testing.T, reduce bool) (animations int, envelopes bool) {
	ctx, url, pe := browser(t)
	if reduce {
		do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
			return err
		}))
	}
	load(t, ctx, url)
	eval[string](t, ctx, `sessionscope.lesson("the_session").then(s => "" + s.stop)`)
	for k := 2; k <= 8; k++ {
		eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
		waitJS(t, ctx, fmt.Sprintf(`sessionscope.lessonStop().then(s => s.stop === %d && s.caption === document.querySelector("[data-lesson-caption]").textContent)`, k), fmt.Sprintf("stop %d", k))
		animations = max(animations, eval[int](t, ctx, `document.getAnimations().length`))
		envelopes = envelopes || eval[bool](t, ctx, `document.querySelectorAll("#wires .env").length > 0`)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#wires .wire").length`); n != 1 {
		t.Errorf("%d wires for one client's connection", n)
	}
	pe.check(t)
	return animations, envelopes
}

// TestBrowserStageMotion: on the stage, envelopes travel along their wire
// between stops; with reduced motion emulated, no element animates.
func TestBrowserStageMotion(t *testing.T) {
	if moving, drawn := stageRun(t, false); moving == 0 || !drawn {
		t.Errorf("with motion: %d animations at most, envelopes drawn: %v", moving, drawn)
	}
	if still, drawn := stageRun(t, true); still != 0 || !drawn {
		t.Errorf("with reduced motion: %d animations at most, envelopes drawn: %v", still, drawn)
	}
}

// TestBrowserCardsShowEveryField: a bound, available, interested session
// with a roster and a long presence shows every field inside its card,
// with no scrollbar; a long value opens in place when tapped.
func TestBrowserCardsShowEveryField(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `(async () => { const s = sessionscope, c = await s.addClient({user: "alice", password: "pw", resource: "laptop"});
		for (const a of ["connect", "open", "auth", "open", "bind", "roster-get"]) { await s.act(c, a); await s.step(); }
		for (const j of ["bob", "carol", "dave"]) { await s.act(c, "roster-set", {jid: j + "@localhost", name: j, groups: "Friends"}); await s.step(); }
		await s.act(c, "presence", {show: "away", status: "at the balcony, looking at the stars, thinking of someone", priority: "5"});
		await s.step(); return c; })()`)
	waitJS(t, ctx, `!!document.querySelector("article[data-session] [data-field=presence]:not(.unset)")`, "alice's presence")
	const outside = `JSON.stringify([...document.querySelectorAll("article[data-session]")].flatMap(card => {
		const c = card.getBoundingClientRect(), out = [];
		if (card.scrollHeight > card.clientHeight + 1) out.push("the card scrolls");
		for (const f of card.querySelectorAll("dd[data-field]")) {
			const r = f.getBoundingClientRect();
			if (r.top < c.top - 1 || r.bottom > c.bottom + 1) out.push(f.dataset.field);
		}
		return out;
	}))`
	if got := eval[string](t, ctx, outside); got != "[]" {
		t.Errorf("outside its card: %s", got)
	}
	open := eval[bool](t, ctx, `(dd => { const before = dd.querySelector(".v").getBoundingClientRect().height; dd.click();
		return dd.querySelector(".v").getBoundingClientRect().height > before; })(document.querySelector("[data-field=presence]"))`)
	if !open {
		t.Error("the presence did not open in place when tapped")
	}
	pe.check(t)
}
