//go:build browser

package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// setInput sets a form control's value and fires the event a person's
// typing or choosing would.
func setInput(t *testing.T, ctx context.Context, selector, value, event string) {
	t.Helper()
	eval[string](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q;
		e.dispatchEvent(new Event(%q, {bubbles: true})); return ""; })()`, selector, value, event))
}

// other clicks one of alice's secondary action buttons and runs the
// simulation until idle.
func other(t *testing.T, ctx context.Context, action, clientState string) {
	t.Helper()
	btn := fmt.Sprintf(`li[data-client="alice"] .acts button[data-action=%q]`, action)
	do(t, ctx, chromedp.Click(chromedp.CSS(btn)), chromedp.Click(chromedp.CSS("#btn-idle")))
	waitText(t, ctx, `li[data-client="alice"] .cstate`, clientState)
}

// resultStarts waits until the inspector's verdict starts with prefix.
func resultStarts(t *testing.T, ctx context.Context, prefix string) {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`document.querySelector("#ti-result").textContent.startsWith(%q)`, prefix), "verdict "+prefix)
}

func TestBrowserTokenLoginAndInspector(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#in-user"), "alice"),
		chromedp.SetValue(chromedp.CSS("#in-pass"), "secret"),
		chromedp.SetValue(chromedp.CSS("#in-res"), "laptop"),
		chromedp.Click(chromedp.CSS("#btn-add")),
	)
	for _, s := range [][2]string{{"connect", "connected"}, {"open", "open"}, {"auth", "authenticated"},
		{"open", "reopened"}, {"bind", "bound as alice@localhost/laptop"}} {
		press(t, ctx, s[0], s[1])
	}
	other(t, ctx, "token", "bound as alice@localhost/laptop")
	waitJS(t, ctx, `[...document.querySelectorAll("#ti-pick option")].some(o => o.textContent === "held by client alice")`, "alice's token offered")

	// Log in again with the token: OAUTHBEARER, and its claims on the card.
	press(t, ctx, "close", "closed")
	press(t, ctx, "connect", "connected")
	press(t, ctx, "open", "open")
	other(t, ctx, "auth-token", "authenticated")
	press(t, ctx, "open", "reopened")
	press(t, ctx, "bind", "bound as alice@localhost/laptop")
	waitJS(t, ctx, `[...document.querySelectorAll("article[data-session] dl.token")].some(d =>
		!d.hidden && d.textContent.includes("subalice@localhost") && d.textContent.includes("resourcelaptop"))`, "claims on the card")
	shot(t, ctx, "token-login")

	// Inspect alice's token.
	eval[string](t, ctx, `(() => { const s = document.querySelector("#ti-pick");
		s.value = [...s.options].find(o => o.textContent === "held by client alice").value;
		s.dispatchEvent(new Event("change", {bubbles: true})); return ""; })()`)
	resultStarts(t, ctx, "✓ Valid")
	shot(t, ctx, "token-inspector-valid")
	parts := eval[string](t, ctx, `[...document.querySelectorAll("#ti-colour span")].map(s => s.className).join(" ")`)
	if parts != "ti-header ti-payload ti-sig ti-dot ti-footer" {
		t.Fatalf("coloured parts = %q", parts)
	}
	if h := eval[string](t, ctx, `document.querySelector("#ti-colour .ti-header").textContent`); h != "v4.public." {
		t.Fatalf("header part = %q", h)
	}
	claims := eval[string](t, ctx, `document.querySelector("#ti-claims").textContent`)
	for _, want := range []string{"isslocalhost", "subalice@localhost", "expires in 1 h", "resource\"laptop\""} {
		if !strings.Contains(claims, want) {
			t.Errorf("claims %q lack %q", claims, want)
		}
	}
	if pae := eval[string](t, ctx, `document.querySelector("#ti-pae").textContent`); !strings.HasPrefix(pae, "00000000  04 00 00 00 00 00 00 00 0a 00 00 00 00 00 00 00  ") {
		t.Fatalf("PAE starts %q, want 4 pieces then the 10-byte header", pae[:min(len(pae), 80)])
	}

	// Virtual time moves: the words follow the engine's clock.
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-wait")))
	waitJS(t, ctx, `document.querySelector("#ti-claims").textContent.includes("expires in 55 min")`, "expiry in words after 300 s")

	// Flip one byte: the signature fails; flip it back: valid again.
	do(t, ctx, chromedp.Click(chromedp.CSS("#ti-flip")))
	resultStarts(t, ctx, "✗ Rejected by rule “signature”")
	do(t, ctx, chromedp.Click(chromedp.CSS("#ti-flip")))
	resultStarts(t, ctx, "✓ Valid")

	// A pasted PASERK: garbage, another key, then the server's own key.
	setInput(t, ctx, "#ti-key-mode", "paserk", "change")
	setInput(t, ctx, "#ti-key", "k4.public.nonsense", "input")
	resultStarts(t, ctx, "✗ Rejected by rule “key”")
	setInput(t, ctx, "#ti-key", "k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI", "input")
	resultStarts(t, ctx, "✗ Rejected by rule “signature”")
	server := eval[string](t, ctx, `document.querySelector("#ti-server-key").textContent.split(" ")[3]`)
	setInput(t, ctx, "#ti-key", server, "input")
	resultStarts(t, ctx, "✓ Valid")

	// Text that is not a token is shown as such and never as HTML.
	setInput(t, ctx, "#ti-input", "<img src=x onerror=alert(1)>", "input")
	resultStarts(t, ctx, "✗ Rejected by rule “header”")
	if n := eval[string](t, ctx, `String(document.querySelectorAll("#token-inspector img").length)`); n != "0" {
		t.Fatalf("pasted text became %s elements", n)
	}
	shot(t, ctx, "token-inspector")
	pe.check(t)
}
