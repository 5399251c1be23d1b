//go:build browser

package web_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, installed into build/ by make node-deps.
const axeSource = "../build/node_modules/axe-core/axe.min.js"

// violation is one rule axe-core found broken, with where.
type violation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// axeCheck runs axe-core in the page and fails for every critical or
// serious violation.
func axeCheck(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	src, err := os.ReadFile(axeSource)
	if err != nil {
		t.Fatalf("axe-core is not installed: run make node-deps (%v)", err)
	}
	eval[bool](t, ctx, string(src)+";true")
	var vs []violation
	out := eval[string](t, ctx, `axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => JSON.stringify(r.violations))`)
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Impact != "critical" && v.Impact != "serious" {
			continue
		}
		var where []string
		for _, n := range v.Nodes[:min(len(v.Nodes), 4)] {
			b, _ := json.Marshal(n.Target)
			where = append(where, string(b))
		}
		t.Errorf("%s: %s %s (%s) at %s", state, v.Impact, v.ID, v.Help, strings.Join(where, " "))
	}
}

// TestBrowserAccessibility runs axe-core on the empty page, a bound
// session, a lesson's stop and the token inspector with a token.
func TestBrowserAccessibility(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	axeCheck(t, ctx, "the empty page")
	eval[string](t, ctx, `(async () => { const c = await sessionscope.addClient({user: "alice", password: "pw", resource: "laptop"});
		for (const a of ["connect", "open", "auth", "open", "bind"]) { await sessionscope.act(c, a); await sessionscope.step(); }
		return c; })()`)
	waitJS(t, ctx, `!!document.querySelector("article[data-state='bound']")`, "the bound session")
	axeCheck(t, ctx, "a bound session")
	eval[string](t, ctx, `sessionscope.lesson("resource_conflict").then(s => "" + s.stop)`)
	for range 9 {
		eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
	}
	waitJS(t, ctx, `sessionscope.lessonStop().then(s => s.stop === 10 && s.caption === document.querySelector("[data-lesson-caption]").textContent)`, "the conflict's stop")
	axeCheck(t, ctx, "a lesson stop")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	axeCheck(t, ctx, "a lesson stop on a phone")
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	eval[bool](t, ctx, `(window.confirm = () => true, document.getElementById("btn-new").click(), true)`)
	waitJS(t, ctx, `document.querySelectorAll("#ti-pick option").length > 1`, "the sample token")
	eval[bool](t, ctx, `(s => { s.value = s.options[1].value; s.dispatchEvent(new Event("change")); return true; })(document.getElementById("ti-pick"))`)
	waitJS(t, ctx, `document.getElementById("ti-result").textContent.startsWith("✓")`, "the token verified")
	axeCheck(t, ctx, "the token inspector")
	pe.check(t)
}
