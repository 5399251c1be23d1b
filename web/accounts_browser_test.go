//go:build browser

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// loginBoth logs carol and dave in through the console API.
const loginBoth = `(async () => {
	for (const user of ["carol", "dave"]) {
		const name = await sessionscope.addClient({user, password: "pw", resource: "desk"});
		for (const a of ["connect", "open", "auth", "open", "bind"]) {
			await sessionscope.act(name, a);
			await sessionscope.step();
		}
	}
	return (await sessionscope.seek(1e9)).total;
})()`

// cardState is the state shown on the card of user's first session, found
// by its id (a destroyed session no longer shows its JID).
func cardState(user string) string {
	return fmt.Sprintf(`((document.querySelector('article[data-session="' + window.__ids[%q] + '"]') || {dataset: {}}).dataset.state || "none")`, user)
}

// rememberIDs stores each user's session id in window.__ids.
const rememberIDs = `sessionscope.allSessions().then(ss => {
	window.__ids = {};
	for (const s of ss) window.__ids[s.fields.username.text] = s.id;
	return Object.keys(window.__ids).sort().join(",");
})`

// TestBrowserRemoveClientAndDeleteAccount removes a connected client from
// the clients panel and deletes an account from the server panel; both are
// recorded inputs, so going back restores them.
func TestBrowserRemoveClientAndDeleteAccount(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	total := eval[int](t, ctx, loginBoth)
	if got := eval[string](t, ctx, rememberIDs); got != "carol,dave" {
		t.Fatalf("sessions of %q", got)
	}
	waitJS(t, ctx, cardState("carol")+` === "bound" && `+cardState("dave")+` === "bound"`, "both sessions bound")

	// Remove dave: his row goes at once, his session ends when the close is delivered.
	do(t, ctx, chromedp.Click(chromedp.CSS(`li[data-client="dave"] button[data-remove]`)))
	waitJS(t, ctx, `!document.querySelector('li[data-client="dave"]')`, "dave's row to go")
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-idle")))
	waitJS(t, ctx, cardState("dave")+` === "destroyed"`, "dave's session to end")

	// Delete carol's account: her session ends at once with not-authorized.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#account-list li[data-account="carol"] button[data-delete]`)))
	waitJS(t, ctx, `!document.querySelector('#account-list li[data-account="carol"]')`, "carol's account to go")
	waitJS(t, ctx, cardState("carol")+` === "destroyed"`, "carol's session to end")
	do(t, ctx, chromedp.Click(chromedp.CSS("#btn-idle")))
	why := eval[string](t, ctx, `document.querySelector('article[data-session="' + window.__ids.carol + '"] .why').textContent`)
	if !strings.Contains(why, "not-authorized") {
		t.Errorf("carol's card says %q", why)
	}
	waitJS(t, ctx, `document.getElementById("log").innerText.includes("not-authorized")`, "the stream error in the log")
	if got := eval[string](t, ctx, `Promise.resolve(sessionscope.clients()).then(cs => cs.map(c => c.name).join(","))`); got != "carol" {
		t.Errorf("clients %q", got)
	}

	// Both are inputs: going back to before them brings dave and carol's account back.
	eval[string](t, ctx, fmt.Sprintf(`sessionscope.seek(%d).then(p => "" + p.step)`, total))
	waitJS(t, ctx, `!!document.querySelector('li[data-client="dave"]') && !!document.querySelector('#account-list li[data-account="carol"]')`, "dave and carol's account back")
	waitJS(t, ctx, cardState("carol")+` === "bound" && `+cardState("dave")+` === "bound"`, "both sessions bound again")
	pe.check(t)
}

// TestBrowserTwinShowsAConflict adds a twin of a bound client (same
// account, same resource) with its button and binds it: under the default
// conflict_resolve (kick_old) the first session is replaced.
func TestBrowserTwinShowsAConflict(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[int](t, ctx, loginBob)
	do(t, ctx, chromedp.Click(chromedp.CSS(`li[data-client="bob"] button[data-twin]`)))
	waitJS(t, ctx, `!!document.querySelector('li[data-client="bob2"]')`, "the twin's row")
	got := eval[string](t, ctx, `(async () => {
		for (const a of ["connect", "open", "auth", "open", "bind"]) { await sessionscope.act("bob2", a); await sessionscope.step(); }
		await sessionscope.step();
		const ss = await sessionscope.allSessions();
		return ss.map(s => s.state + ":" + (s.fields.full_jid.text || "") + ":" + (s.error || "")).join("|");
	})()`)
	if want := "destroyed::conflict|bound:bob@localhost/phone:"; got != want {
		t.Errorf("sessions %q, want %q", got, want)
	}
	pe.check(t)
}
