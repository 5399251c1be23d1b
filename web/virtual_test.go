//go:build browser

package web_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// crowdSize is how many sessions TestBrowserVirtualLists logs in;
// VIRTUAL_CROWD overrides it.
func crowdSize(t *testing.T) int {
	if s := os.Getenv("VIRTUAL_CROWD"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 10 {
			t.Fatalf("VIRTUAL_CROWD=%q", s)
		}
		return n
	}
	return 10000
}

// inDOM counts the elements matching a selector.
func inDOM(selector string) string {
	return fmt.Sprintf(`document.querySelectorAll(%q).length`, selector)
}

// cardOf is the selector of a session's card.
func cardOf(id string) string { return fmt.Sprintf(`article[data-session=%q]`, id) }

// cardField is the text of one field on a session's card ("" when the card
// is not on the page).
func cardField(id, field string) string {
	return fmt.Sprintf(`((document.querySelector(%q) || {}).textContent || "")`, cardOf(id)+fmt.Sprintf(` [data-field=%q] .v`, field))
}

// inView reports whether the element is inside the visible part of its
// scroller.
func inView(selector, scroller string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q), s = document.querySelector(%q);
		if (!e) return false;
		const a = e.getBoundingClientRect(), b = s.getBoundingClientRect();
		return a.bottom > b.top && a.top < b.bottom; })()`, selector, scroller)
}

// sessionID is the id of the session of user crowdN.
func sessionID(t *testing.T, ctx context.Context, n int) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`sessionscope.allSessions().then(ss =>
		ss.find(s => s.fields.username.text === "crowd%d").id)`, n))
}

// TestBrowserVirtualLists logs in thousands of sessions and checks that the
// card list and the stanza log keep only what is in view on the page,
// that scrolling, scrollToSession and the keys reach any card or row,
// and that a step still updates the cards in view.
func TestBrowserVirtualLists(t *testing.T) {
	n := crowdSize(t)
	ctx, url, pe := browserFor(t, 10*time.Minute)
	load(t, ctx, url)
	start := time.Now()
	eval[string](t, ctx, fmt.Sprintf(`(async () => {
		await sessionscope.configure({authentication: "insecure"});
		const p = await sessionscope.crowd(%d);
		return p.step + "/" + p.total; })()`, n))
	t.Logf("crowd(%d) logged in in %v", n, time.Since(start).Round(time.Millisecond))
	waitText(t, ctx, "#session-count", fmt.Sprintf("%d live, %d shown until dismissed", n, n))
	bounded(t, ctx, n)

	// The list says what it is and how long.
	got := eval[string](t, ctx, `(() => { const s = document.getElementById("sessions-scroll"), l = document.getElementById("sessions"),
		c = l.querySelector("article[data-session]");
		return [s.tabIndex, !!s.getAttribute("aria-label"), l.getAttribute("role"), c.getAttribute("role"),
			c.getAttribute("aria-posinset"), c.getAttribute("aria-setsize")].join(" "); })()`)
	if want := fmt.Sprintf("0 true list listitem 1 %d", n); got != want {
		t.Errorf("list semantics %q, want %q", got, want)
	}

	// End, pressed in the scroller, shows the last session's card.
	last := sessionID(t, ctx, n)
	eval[bool](t, ctx, `(document.getElementById("sessions-scroll").focus(), true)`)
	key(t, ctx, kb.End)
	waitJS(t, ctx, inView(cardOf(last), "#sessions-scroll"), "the last card in view")
	checkCard(t, ctx, last, n, n)
	bounded(t, ctx, n)
	if p := eval[int](t, ctx, `sessionscope.position().step`); p != eval[int](t, ctx, `sessionscope.position().total`) {
		t.Errorf("End in the card list moved the timeline to %d", p)
	}
	key(t, ctx, kb.Home)
	waitJS(t, ctx, inView(`article[data-session][aria-posinset="1"]`, "#sessions-scroll"), "the first card after Home")
	key(t, ctx, kb.PageDown)
	waitJS(t, ctx, `document.getElementById("sessions-scroll").scrollTop > 0`, "Page Down to scroll")

	// scrollToSession brings a session in the middle into view.
	mid := sessionID(t, ctx, n/2)
	pos := eval[int](t, ctx, fmt.Sprintf(`sessionscope.scrollToSession(%q).then(r => r.position)`, mid))
	if pos != n/2 {
		t.Errorf("scrollToSession gave position %d, want %d", pos, n/2)
	}
	if !eval[bool](t, ctx, inView(cardOf(mid), "#sessions-scroll")) {
		t.Fatal("the card is not in view once scrollToSession settles")
	}
	checkCard(t, ctx, mid, n/2, n)
	bounded(t, ctx, n)
	msg := eval[string](t, ctx, `sessionscope.scrollToSession("nobody").then(() => "resolved", e => e.message)`)
	if msg != `no session "nobody" is listed` {
		t.Errorf("scrollToSession of an unknown id: %q", msg)
	}
	if s := eval[string](t, ctx, `sessionscope.sessions().map(s => s.fields.username.text).join(",")`); !slices.Contains(strings.Split(s, ","), fmt.Sprintf("crowd%d", n/2)) {
		t.Errorf("sessions() gave %s", s)
	}

	// A step updates the cards in view: old → new on the changed fields.
	eval[any](t, ctx, fmt.Sprintf(`sessionscope.act("crowd%d", "presence", {show: "away", priority: "5"}).then(() => sessionscope.forward(1))`, n/2))
	waitJS(t, ctx, cardField(mid, "priority")+` === "5"`, "the priority on the card")
	waitJS(t, ctx, fmt.Sprintf(`!!document.querySelector(%q)`, cardOf(mid)+` [data-field="priority"].changed`), "the priority highlighted")
	if was := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent`, cardOf(mid)+` [data-field="priority"] .was`)); was != "—" {
		t.Errorf("the priority was %q, want —", was)
	}

	virtualShots(t, ctx, mid)
	checkLog(t, ctx)
	pe.check(t)
}

// virtualShots saves what a visitor sees of the card list and the log at
// 1280 and at 400 pixels wide, and checks that the cards fill the view
// and fit its width.
func virtualShots(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for _, w := range []int64{1280, 400} {
		do(t, ctx, chromedp.EmulateViewport(w, 800))
		waitJS(t, ctx, fmt.Sprintf("window.innerWidth === %d", w), "the viewport")
		eval[any](t, ctx, fmt.Sprintf(`sessionscope.scrollToSession(%q)`, id))
		eval[bool](t, ctx, `(document.getElementById("sessions-panel").scrollIntoView(), window.scrollBy(0, -56), true)`)
		waitJS(t, ctx, `(() => { const s = document.getElementById("sessions-scroll").getBoundingClientRect();
			const hit = y => !!document.elementFromPoint(s.left + 30, y)?.closest("article[data-session]");
			const top = Math.max(s.top, 0), bottom = Math.min(s.bottom, innerHeight);
			return (hit(top + 4) || hit(top + 20)) && (hit(bottom - 4) || hit(bottom - 20)); })()`, "cards to fill the view")
		if over := eval[string](t, ctx, `[...document.querySelectorAll("#sessions-panel *")].filter(e =>
			e.getBoundingClientRect().right > document.getElementById("sessions-scroll").getBoundingClientRect().right + 1 && !e.closest(".card"))
			.map(e => e.tagName + "." + e.className).slice(0, 5).join(" ")`); over != "" {
			t.Errorf("at %d px these stick out of the card list: %s", w, over)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		save(t, fmt.Sprintf("virtual-cards-%d", w), png)
		eval[bool](t, ctx, `(document.getElementById("log-panel").scrollIntoView(), window.scrollBy(0, -56), true)`)
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		save(t, fmt.Sprintf("virtual-log-%d", w), png)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
}

// bounded checks that the card list and the log hold few elements.
func bounded(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	waitJS(t, ctx, `document.querySelectorAll("[data-session]").length > 0`, "cards")
	cards, rows := eval[int](t, ctx, inDOM("[data-session]")), eval[int](t, ctx, inDOM("#log tr"))
	t.Logf("%d sessions: %d elements with data-session, %d log rows in the DOM", n, cards, rows)
	if cards > 100 || rows > 100 {
		t.Errorf("%d cards and %d log rows in the DOM, want at most 100 each", cards, rows)
	}
}

// checkCard checks the card of crowdK, at position k of n.
func checkCard(t *testing.T, ctx context.Context, id string, k, n int) {
	t.Helper()
	for field, want := range map[string]string{"username": fmt.Sprintf("crowd%d", k), "type": "c2s",
		"full_jid": fmt.Sprintf("crowd%d@localhost/r", k), "resource": "r", "host": "localhost"} {
		if got := eval[string](t, ctx, cardField(id, field)); got != want {
			t.Errorf("card %s: %s = %q, want %q", id, field, got, want)
		}
	}
	got := eval[string](t, ctx, fmt.Sprintf(`(c => c.getAttribute("aria-posinset") + "/" + c.getAttribute("aria-setsize"))(document.querySelector(%q))`, cardOf(id)))
	if want := fmt.Sprintf("%d/%d", k, n); got != want {
		t.Errorf("card %s is at %s, want %s", id, got, want)
	}
}

// checkLog checks the virtual stanza log: few rows on the page, the
// newest in view, the keys reach the first row, and a filter keeps only
// what it names.
func checkLog(t *testing.T, ctx context.Context) {
	t.Helper()
	entries := eval[int](t, ctx, `parseInt(document.getElementById("log-count").textContent)`)
	if entries < 10000 {
		t.Errorf("the log counts %d rows", entries)
	}
	waitJS(t, ctx, fmt.Sprintf(`!!document.querySelector('#log tr[data-entry="%d"]')`, entries-1), "the newest row")
	if got := eval[string](t, ctx, `document.querySelector(".log-table").getAttribute("aria-rowcount")`); got != strconv.Itoa(entries+1) {
		t.Errorf("aria-rowcount %s for %d rows", got, entries)
	}
	eval[bool](t, ctx, `(document.getElementById("log-scroll").focus(), true)`)
	key(t, ctx, kb.ArrowDown)
	waitJS(t, ctx, `document.activeElement.matches("#log tr[data-entry]")`, "a row to have the focus")
	key(t, ctx, kb.Home)
	waitJS(t, ctx, `document.activeElement.matches('#log tr[data-entry="0"]')`, "the first row to have the focus")
	key(t, ctx, kb.PageDown)
	waitJS(t, ctx, `parseInt(document.activeElement.dataset.entry) > 5`, "Page Down to move down the log")
	key(t, ctx, kb.Enter)
	waitJS(t, ctx, `document.getElementById("log-detail").textContent.startsWith("step ")`, "the row's detail")
	waitJS(t, ctx, `sessionscope.position().step < sessionscope.position().total`, "the timeline to seek to the row")
	if r := eval[int](t, ctx, inDOM("#log tr")); r > 100 {
		t.Errorf("%d log rows in the DOM", r)
	}
	setInput(t, ctx, "#f-kind", "presence", "change")
	waitJS(t, ctx, `/^[0-9]+ of [0-9]+ rows$/.test(document.getElementById("log-count").textContent)`, "the filter to finish")
	if ok := eval[bool](t, ctx, `[...document.querySelectorAll("#log tr")].every(r => r.querySelector(".el").textContent === "presence")`); !ok {
		t.Error("the presence filter shows other rows")
	}
	setInput(t, ctx, "#f-kind", "", "change")
}

// TestBrowserTabThroughVirtualCards tabs through the card list's fields
// (each name is focusable, for its explanation): focus brings the next
// card into view, the list renders it, and Tab goes on to it, so the
// keyboard reaches every card, forwards and back, without a mouse.
func TestBrowserTabThroughVirtualCards(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `(async () => {
		await sessionscope.configure({authentication: "insecure"});
		const p = await sessionscope.crowd(40);
		return p.step + "/" + p.total; })()`)
	waitJS(t, ctx, `!!document.querySelector("#sessions article[data-session] dt")`, "a card")
	eval[bool](t, ctx, `(document.querySelector("#sessions article[data-session] dt").focus(), true)`)
	const focused = `(() => { const c = document.activeElement.closest("#sessions article[data-session]");
		return c ? +c.getAttribute("aria-posinset") : 0; })()`
	tabTo := func(what string, want func(int) bool, opts ...chromedp.KeyOption) {
		t.Helper()
		for range 600 {
			do(t, ctx, chromedp.KeyEvent(kb.Tab, opts...))
			pos := eval[int](t, ctx, focused)
			if pos == 0 {
				t.Fatalf("%s: Tab left the card list", what)
			}
			if want(pos) {
				return
			}
		}
		t.Fatalf("%s: not reached in 600 presses (at card %d)", what, eval[int](t, ctx, focused))
	}
	tabTo("card 30 by Tab", func(p int) bool { return p >= 30 })
	if eval[float64](t, ctx, `document.getElementById("sessions-scroll").scrollTop`) == 0 {
		t.Error("the list did not scroll with the focus")
	}
	bounded(t, ctx, 40)
	tabTo("card 2 by Shift+Tab", func(p int) bool { return p <= 2 }, chromedp.KeyModifiers(chromedp.ModifierShift))
	pe.check(t)
}
