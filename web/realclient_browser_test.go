//go:build browser

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// befriend makes bob (a simulated client, bound and available) and
// juliet mutual contacts, through a simulated juliet that then leaves.
const befriend = `(async () => {
	const s = sessionscope;
	const login = async name => { for (const a of ["connect", "open", "auth", "open", "bind"]) { await s.act(name, a); await s.step(); } };
	await s.addClient({user: "bob", password: "builder", resource: "phone"});
	await s.addClient({user: "juliet", password: "balcony", resource: "sim"});
	await login("bob"); await login("juliet");
	await s.act("juliet", "roster-set", {jid: "bob@localhost", name: "Bob"});
	await s.act("juliet", "subscribe", {to: "bob@localhost"});
	await s.step();
	await s.act("bob", "subscribed", {to: "juliet@localhost"});
	await s.act("bob", "subscribe", {to: "juliet@localhost"});
	await s.step();
	await s.act("juliet", "subscribed", {to: "bob@localhost"});
	await s.act("bob", "presence", {status: "at the forge"});
	await s.step();
	await s.act("juliet", "close");
	await s.step();
	return true;
})()`

// inFrame evaluates an expression in Converse's frame.
func inFrame(expr string) string {
	return `(() => { const w = document.querySelector("iframe[data-real-client]").contentWindow; return (` + expr + `); })()`
}

// TestBrowserRealClient logs Converse.js in to the page's run, sees bob
// online in its roster, chats with him both ways, logs out, and replays
// the recorded run headless to the same transcript.
func TestBrowserRealClient(t *testing.T) {
	ctx, url, pe := browserFor(t, 150*time.Second)
	load(t, ctx, url)
	eval[bool](t, ctx, befriend)

	start := time.Now()
	id := eval[string](t, ctx, `sessionscope.realClient({user: "juliet", password: "balcony"})`)
	t.Logf("realClient resolved with %s after %v", id, time.Since(start))
	if !strings.HasPrefix(id, "c2s") {
		t.Fatalf("realClient resolved with %q", id)
	}
	state := eval[string](t, ctx, `sessionscope.allSessions().then(ss => ss.find(s => s.id === "`+id+`").fields.full_jid.text)`)
	if !strings.HasPrefix(state, "juliet@localhost/") {
		t.Errorf("the real client's session is bound to %q", state)
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#sessions article[data-session]")].some(a => a.innerText.includes("converse"))`, "a card named after converse")

	// bob is in Converse's roster, online.
	waitJS(t, ctx, inFrame(`!!w.converseAPI && w.converseAPI.contacts !== undefined`), "Converse's API")
	waitJS(t, ctx, inFrame(`[...w.document.querySelectorAll("converse-roster-contact, .list-item.current-xmpp-contact")].some(e => e.innerText.includes("Bob"))`), "bob in Converse's roster")
	waitJS(t, ctx, `(async () => { const w = document.querySelector("iframe[data-real-client]").contentWindow;
		const c = await w.converseAPI.contacts.get("bob@localhost"); return !!c && c.presence.get("presence") === "online"; })()`, "bob online in Converse")

	// juliet writes to bob from Converse; bob's log reads it.
	eval[bool](t, ctx, inFrame(`w.converseAPI.chats.open("bob@localhost").then(() => true)`))
	waitJS(t, ctx, inFrame(`!!w.document.querySelector("converse-chat textarea.chat-textarea")`), "Converse's chat view")
	say(t, ctx, "wherefore art thou")
	waitJS(t, ctx, `sessionscope.log().then(l => l.some(e => e.client === "bob" && e.dir === "out" && e.raw.includes("<body>wherefore art thou</body>")))`, "juliet's message in bob's log")

	// bob answers; Converse's chat view shows it.
	eval[string](t, ctx, `sessionscope.act("bob", "message", {to: "juliet@localhost", type: "chat", body: "in the forge"})`)
	waitJS(t, ctx, inFrame(`[...w.document.querySelectorAll("converse-chat .chat-msg__text")].some(e => e.innerText.includes("in the forge"))`), "bob's answer in Converse's chat view")
	frameShot(t, ctx, "converse-chat")
	shot(t, ctx, "converse-chat-page")

	// Pausing the timeline holds Converse's stanzas in flight; playing
	// lets them go.
	waitJS(t, ctx, `document.getElementById("btn-play").textContent === "Pause"`, "the timeline playing while Converse is attached")
	eval[bool](t, ctx, `(document.getElementById("btn-play").click(), true)`)
	waitJS(t, ctx, `document.getElementById("btn-play").textContent === "Play" && document.getElementById("rc-hold").checked`, "the timeline paused")
	say(t, ctx, "hold me")
	waitJS(t, ctx, `sessionscope.inFlight().then(f => f.some(d => d.client === "converse" && d.data.includes("hold me")))`, "Converse's message in flight")
	if eval[bool](t, ctx, `sessionscope.log().then(l => l.some(e => e.raw.includes("hold me")))`) {
		t.Error("a held message reached the server")
	}
	waitJS(t, ctx, `[...document.querySelectorAll("#network li")].some(li => li.innerText.includes("converse"))`, "Converse's delivery in the network panel")
	frameShot(t, ctx, "converse-held")
	eval[bool](t, ctx, `(document.getElementById("btn-play").click(), true)`)
	waitJS(t, ctx, `sessionscope.log().then(l => l.some(e => e.client === "bob" && e.dir === "out" && e.raw.includes("<body>hold me</body>")))`, "the held message delivered")
	waitJS(t, ctx, `document.getElementById("btn-play").textContent === "Pause" && !document.getElementById("rc-hold").checked`, "the timeline playing again")

	// juliet logs out: her session is destroyed.
	eval[bool](t, ctx, inFrame(`w.converseAPI.user.logout().then(() => true)`))
	waitJS(t, ctx, `sessionscope.allSessions().then(ss => { const s = ss.find(s => s.id === "`+id+`"); return !s || s.state === "destroyed"; })`, "the real client's session destroyed")
	waitJS(t, ctx, `sessionscope.scenario().then(s => s.inputs.some(i => i.op === "hangup"))`, "the hangup recorded")
	eval[any](t, ctx, `sessionscope.closeRealClient()`)
	waitJS(t, ctx, `!document.querySelector("iframe[data-real-client]")`, "the frame gone")

	// The recorded run replays headless to the page's log.
	var page struct {
		Scenario engine.Scenario `json:"scenario"`
		Log      []logRow
		Sessions []json.RawMessage
	}
	raw := eval[string](t, ctx, `(async () => JSON.stringify({scenario: await sessionscope.scenario(), log: await sessionscope.log(), sessions: await sessionscope.allSessions()}))()`)
	if err := json.Unmarshal([]byte(raw), &page); err != nil {
		t.Fatal(err)
	}
	ops := map[engine.Op]int{}
	for _, in := range page.Scenario.Inputs {
		ops[in.Op]++
	}
	if ops[engine.OpDial] != 1 || ops[engine.OpRecv] < 5 || ops[engine.OpHangup] != 1 {
		t.Errorf("the run's external inputs: %v", ops)
	}
	wire, last, _ := replayHeadless(t, page.Scenario)
	sameWire(t, wire, page.Log)
	// Every session the page still has ends as the replay's did.
	for _, sess := range page.Sessions {
		var id struct{ ID string }
		_ = json.Unmarshal(sess, &id)
		if !sameJSON(last.byID[id.ID], sess) {
			t.Errorf("session %s after replay:\n%s\non the page:\n%s", id.ID, last.byID[id.ID], sess)
		}
	}
	if os.Getenv("REALCLIENT_LOG") != "" {
		for _, e := range page.Log {
			if e.Client == "converse" {
				t.Logf("%s %s %s", e.Dir, e.What, e.Raw)
			}
		}
	}
	pe.allowConverseIQErrors()
	pe.check(t)
}

// allowConverseIQErrors forgets the console errors in which Converse.js
// logs an error the server answered to one of its IQs with
// service-unavailable: its fetch of popular emojis from the account's
// PubSub, which a server without PEP (Prosody without mod_pep, or this
// simulator) refuses that way.
func (p *pageErrors) allowConverseIQErrors() {
	p.mu.Lock()
	defer p.mu.Unlock()
	keep := p.msgs[:0]
	for _, m := range p.msgs {
		if !(strings.HasPrefix(m, `console.error: "<iq `) && strings.Contains(m, "<service-unavailable")) {
			keep = append(keep, m)
		}
	}
	p.msgs = keep
}

// say types a message in Converse's chat view and presses Enter.
func say(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	eval[bool](t, ctx, inFrame(`(() => { const ta = w.document.querySelector("converse-chat textarea.chat-textarea");
		ta.value = `+strconv.Quote(text)+`; ta.dispatchEvent(new w.KeyboardEvent("keydown", {key: "Enter", bubbles: true})); return true; })()`))
}

// allow forgets the page errors equal to msg.
func (p *pageErrors) allow(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	keep := p.msgs[:0]
	for _, m := range p.msgs {
		if m != msg {
			keep = append(keep, m)
		}
	}
	p.msgs = keep
}

// frameShot saves what the window shows with the real client's frame
// scrolled into view, as a test artifact.
func frameShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	eval[bool](t, ctx, `(document.querySelector("iframe[data-real-client]").scrollIntoView({block: "center"}), true)`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, name, png)
}

// TestBrowserRealClientPanel opens the panel with its button: Converse's
// login screen appears in the frame (the time from the click is logged),
// the page passes axe-core with it open at 1280×800 and 390×844, where
// nothing overflows sideways, and closing takes the frame away.
func TestBrowserRealClientPanel(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	if eval[bool](t, ctx, `!!document.querySelector("iframe[data-real-client]") || performance.getEntriesByType("resource").some(r => r.name.includes("converse"))`) {
		t.Fatal("Converse was loaded before the panel was opened")
	}
	ms := eval[float64](t, ctx, `new Promise(done => {
		const t0 = performance.now();
		document.getElementById("btn-realclient").click();
		const poll = () => {
			const f = document.querySelector("iframe[data-real-client]");
			const d = f && f.contentDocument;
			if (d && d.querySelector("converse-login-form input[name=password], #converse-login-password")) done(performance.now() - t0);
			else setTimeout(poll, 5);
		};
		poll();
	})`)
	t.Logf("from clicking Real client to Converse's login screen: %.0f ms", ms)
	// Everything the frame asked for is embedded.
	loaded := eval[string](t, ctx, `JSON.stringify(document.querySelector("iframe[data-real-client]").contentWindow.performance.getEntriesByType("resource").map(r => [r.name.replace(location.origin, ""), r.responseStatus, r.encodedBodySize]))`)
	var res [][3]any
	if err := json.Unmarshal([]byte(loaded), &res); err != nil || len(res) < 4 {
		t.Fatalf("the frame's resources: %s (%v)", loaded, err)
	}
	for _, r := range res {
		if r[1] != 200.0 && r[1] != 304.0 {
			t.Errorf("the frame's %v answered %v", r[0], r[1])
		}
	}
	t.Logf("the frame loaded %v", res)
	if got := eval[string](t, ctx, `document.getElementById("btn-realclient").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("aria-expanded %q with the panel open", got)
	}
	time.Sleep(time.Second) // Converse fades its login screen in
	frameShot(t, ctx, "real-client-login")
	axeCheck(t, ctx, "the real client's panel open")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	if w := eval[float64](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %v px wide at 390 px with the real client open", w)
	}
	frameShot(t, ctx, "real-client-login-phone")
	axeCheck(t, ctx, "the real client's panel open on a phone")
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	eval[bool](t, ctx, `(document.getElementById("btn-realclient").click(), true)`)
	waitJS(t, ctx, `!document.querySelector("iframe[data-real-client]") && document.getElementById("realclient-box").hidden`, "the frame gone")
	pe.check(t)
}

// TestBrowserInTabWebSocket drives the in-tab WebSocket by hand from a
// frame of the page's origin, as any web client would: the socket is
// named after the frame's data-client, speaks RFC 7395 framing, and
// closing it is a recorded hangup.
func TestBrowserInTabWebSocket(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	got := eval[string](t, ctx, `new Promise((done, fail) => {
		const f = document.createElement("iframe");
		f.title = "a raw client";
		document.body.append(f);
		const d = f.contentDocument;
		d.documentElement.dataset.client = "raw";
		const s = d.createElement("script");
		s.src = "intab-ws.js";
		s.onload = () => {
			const ws = new f.contentWindow.WebSocket("ws://in-tab/xmpp-websocket", ["xmpp"]);
			const got = [];
			ws.onopen = () => { got.push("open " + ws.protocol); ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>"); };
			ws.onmessage = e => { got.push(e.data.slice(0, 50)); if (got.length === 3) ws.close(); };
			ws.onclose = e => { got.push("close " + e.code + " " + ws.readyState); done(got.join("\n")); };
			ws.onerror = () => fail(new Error("error event"));
		};
		d.head.append(s);
	})`)
	want := "open xmpp\n<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' \n<stream:features xmlns:stream='http://etherx.jabbe\nclose 1000 3"
	if got != want {
		t.Errorf("the raw client saw:\n%s\nwant:\n%s", got, want)
	}
	waitJS(t, ctx, `sessionscope.scenario().then(s => s.inputs.filter(i => i.name === "raw").map(i => i.op).join(" ") === "dial recv hangup")`, "dial, recv and hangup recorded for raw")
	waitJS(t, ctx, `sessionscope.log().then(l => l.filter(e => e.client === "raw").map(e => e.dir + " " + e.what).join(", ") === "in open, in data, out data, out data, in close")`, "the hangup delivered to the server")
	pe.check(t)
}

// TestBrowserRealClientGoesBack goes back in time with Converse logged
// in: the engine it talked to is rebuilt, so its connection closes, and
// the timeline's Play no longer holds deliveries.
func TestBrowserRealClientGoesBack(t *testing.T) {
	ctx, url, pe := browser(t)
	load(t, ctx, url)
	eval[string](t, ctx, `sessionscope.realClient({user: "juliet", password: "balcony"})`)
	waitJS(t, ctx, `document.getElementById("btn-play").textContent === "Pause"`, "the timeline playing")
	eval[any](t, ctx, `sessionscope.back(1)`)
	waitJS(t, ctx, inFrame(`!!w.converseAPI && !w.converseAPI.connection.connected()`), "Converse disconnected")
	waitJS(t, ctx, `document.getElementById("btn-play").textContent === "Play"`, "the timeline paused")
	pe.allowConverseIQErrors()
	pe.allow(`console.error: "Websocket closed unexpectedly"`) // Strophe's word for a socket closed without <close/>
	pe.check(t)
}

// TestBrowserRealClientLesson plays the lesson "A real client logs in"
// through every stop on a laptop (1280×800) and a phone (390×844): the
// narration, the stanza that caused the stop and every field it changed
// are on screen together, as for every lesson (TestBrowserLessonStopsInView).
func TestBrowserRealClientLesson(t *testing.T) {
	for _, size := range [][2]int64{{1280, 800}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx, url, pe := browser(t)
			do(t, ctx, chromedp.EmulateViewport(size[0], size[1]))
			load(t, ctx, url)
			var names []string
			if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(sessionscope.lessons())`)), &names); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(names, "real_client_login") {
				t.Fatalf("lessons() = %v", names)
			}
			start := eval[string](t, ctx, `sessionscope.lesson("real_client_login").then(s => s.lesson + "|" + s.stops)`)
			title, n, _ := strings.Cut(start, "|")
			stops, _ := strconv.Atoi(n)
			if title != "A real client logs in" || stops < 10 {
				t.Fatalf("the lesson: %q with %d stops", title, stops)
			}
			for k := 1; k <= stops; k++ {
				if k > 1 {
					eval[bool](t, ctx, `(document.querySelector("[data-lesson-next]").click(), true)`)
				}
				waitJS(t, ctx, fmt.Sprintf(`sessionscope.lessonStop().then(s => s.stop === %d &&
					s.caption === document.querySelector("[data-lesson-caption]").textContent)`, k), fmt.Sprintf("stop %d", k))
				var out []string
				if err := json.Unmarshal([]byte(eval[string](t, ctx, outOfView)), &out); err != nil {
					t.Fatal(err)
				}
				if len(out) > 0 {
					t.Errorf("stop %d of %d: out of view: %v", k, stops, out)
				}
			}
			if got := eval[string](t, ctx, `document.querySelector("[data-lesson-caption]").textContent`); !strings.Contains(got, "carbons") {
				t.Errorf("the last stop's narration: %q", got)
			}
			pe.check(t)
		})
	}
}
