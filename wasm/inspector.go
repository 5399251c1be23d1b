//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/paseto"
	simtoken "github.com/sessionscope/sessionscope/sim/token"
)

// inspector is the token inspector: a jwt.io for PASETO v4.public. It
// takes a pasted or picked token apart, colours its pieces, decodes its
// claims with times in words on the virtual clock, shows the PAE bytes the
// signature covers, and verifies it against the server's public key or a
// pasted PASERK, naming the failing rule. Every piece of the token reaches
// the page through textContent only.
type inspector struct {
	a                                    *app
	input, pick, keyMode, keyIn, flip    js.Value
	colour, claims, payload, footer, pae js.Value
	result, serverKey                    js.Value
	lastSig                              string // token, key and virtual time of the last render
	pickSig                              string // the tokens offered in the pick list
	sample                               sample // the last sample token signed
}

// sample is a signed sample token and what it was signed for: the engine
// and the virtual time. Signing costs milliseconds in WebAssembly, and the
// inspector asks every second.
type sample struct {
	eng   *engine.Engine
	at    time.Time
	token string
}

// initInspector installs the token service in the run (so that clients can
// ask for tokens and log in with OAUTHBEARER, and the inspector has a
// server key to verify against), then builds the inspector in
// <section id="token-inspector">.
func (a *app) initInspector() {
	ins := &inspector{a: a}
	ins.build()
	// Both wait until the page is ready: enabling tokens rebuilds the run,
	// and the sample token costs an Ed25519 key and signature, slow the
	// first time in WebAssembly.
	a.whenReady(func() {
		if a.tl.Engine().Tokens() == nil {
			if err := a.tl.EnableTokens(simtoken.DefaultConfig()); err != nil {
				a.ui.showBanner("Tokens are not available: " + err.Error())
			}
		}
	})
	a.whenReady(ins.refreshPicks)
	js.Global().Call("setInterval", js.FuncOf(func(js.Value, []js.Value) any {
		ins.update(false)
		return nil
	}), 1000)
}

func (ins *inspector) build() {
	root := byID("token-inspector")
	if root.IsNull() {
		root = add(document.Get("body"), attr(elem("section", ""), "id", "token-inspector"))
	}
	clear(root)
	attr(root, "aria-labelledby", "ti-h")
	root.Get("classList").Call("add", "token-inspector")
	ins.input = attr(attr(elem("textarea", "ti-input"), "id", "ti-input"), "rows", "3")
	attr(ins.input, "spellcheck", "false")
	attr(ins.input, "placeholder", "v4.public.…")
	ins.pick = attr(elem("select", ""), "id", "ti-pick")
	ins.keyMode = attr(elem("select", ""), "id", "ti-key-mode")
	addOpt(ins.keyMode, "server", "the server's public key")
	addOpt(ins.keyMode, "paserk", "a pasted PASERK")
	ins.keyIn = attr(attr(elem("input", ""), "id", "ti-key"), "placeholder", "k4.public.…")
	ins.flip = attr(button("Flip one byte", "Flip one byte of the signed message, to watch verification fail", ""), "id", "ti-flip")
	ins.serverKey = attr(elem("p", "hint ti-server-key"), "id", "ti-server-key")
	ins.colour = attr(attr(elem("p", "ti-colour"), "id", "ti-colour"), "aria-label", "the token, its parts coloured apart")
	ins.result = attr(attr(elem("p", "ti-result"), "id", "ti-result"), "aria-live", "polite")
	ins.claims = attr(elem("table", "ti-claims"), "id", "ti-claims")
	ins.payload = attr(elem("pre", "ti-json"), "id", "ti-payload")
	ins.footer = attr(elem("pre", "ti-json"), "id", "ti-footer")
	ins.pae = attr(elem("pre", "ti-pae"), "id", "ti-pae")
	add(root,
		attr(textElem("h2", "", "Token inspector"), "id", "ti-h"),
		textElem("p", "hint", "Paste a PASETO v4.public token, or pick one a client was issued. Ask for one with a bound client's token action; log in with it using auth-token."),
		add(elem("div", "ti-controls"), add(textElem("label", "", "token "), ins.pick), ins.flip),
		ins.input, ins.colour,
		add(elem("div", "ti-controls"), add(textElem("label", "", "verify with "), ins.keyMode), ins.keyIn),
		ins.serverKey, ins.result,
		textElem("h3", "", "Claims"), ins.claims,
		textElem("h3", "", "Payload"), ins.payload,
		textElem("h3", "", "Footer"), ins.footer,
		textElem("h3", "", "PAE: the bytes the signature covers"), ins.pae)
	ins.bind()
}

func addOpt(sel js.Value, v, label string) {
	o := textElem("option", "", label)
	o.Set("value", v)
	add(sel, o)
}

func (ins *inspector) bind() {
	on(ins.input, "input", func(js.Value) { ins.update(true) })
	on(ins.keyIn, "input", func(js.Value) { ins.update(true) })
	on(ins.keyMode, "change", func(js.Value) { ins.update(true) })
	on(ins.pick, "focus", func(js.Value) { ins.a.do(func() error { ins.refreshPicks(); return nil }, nil) })
	on(ins.pick, "change", func(js.Value) {
		if v := value(ins.pick); v != "" {
			ins.input.Set("value", v)
			ins.update(true)
		}
	})
	on(ins.flip, "click", func(js.Value) {
		ins.input.Set("value", flipByte(strings.TrimSpace(value(ins.input))))
		ins.update(true)
	})
}

// refreshPicks lists the sample token and every token a client holds.
// It runs on the worker.
func (ins *inspector) refreshPicks() {
	e := ins.a.tl.Engine()
	opts := [][2]string{{"", "— pick a token —"}}
	if ins.sample.eng != e || !ins.sample.at.Equal(e.Now()) {
		ins.sample = sample{eng: e, at: e.Now(), token: sampleToken(e)}
	}
	if s := ins.sample.token; s != "" {
		opts = append(opts, [2]string{s, "sample: alice, signed by the server now"})
	}
	for _, c := range e.Clients() {
		if t := c.Token(); t != "" {
			opts = append(opts, [2]string{t, "held by client " + c.Name})
		}
	}
	sig := fmt.Sprint(opts)
	if sig == ins.pickSig {
		return
	}
	ins.pickSig = sig
	keep := value(ins.pick)
	clear(ins.pick)
	for _, o := range opts {
		addOpt(ins.pick, o[0], o[1])
	}
	ins.pick.Set("value", keep)
}

// sampleToken signs a token for alice with the server key at the virtual
// time. It draws nothing from the seeded source, so the run is unchanged.
func sampleToken(e *engine.Engine) string {
	m := e.Tokens()
	if m == nil {
		return ""
	}
	host := e.Config().Server.Hosts[0]
	c, err := simtoken.NewClaims(m.Config(), host, simtoken.Request{Username: "alice", Resource: "laptop",
		Hats: []string{"urn:xmpp:hats:moderator"}}, e.Now(), "sample")
	if err != nil {
		return ""
	}
	t, err := m.Sign(host, c)
	if err != nil {
		return ""
	}
	return t
}

// update queues a render of the current token; unless force is set, it
// renders only when the token, the key or the virtual time changed.
func (ins *inspector) update(force bool) {
	tok := strings.TrimSpace(value(ins.input))
	mode, key := value(ins.keyMode), strings.TrimSpace(value(ins.keyIn))
	ins.a.do(func() error {
		e := ins.a.tl.Engine()
		ins.refreshPicks()
		sig := tok + "\x00" + mode + "\x00" + key + "\x00" + e.Now().String() + fmt.Sprint(e.Tokens() != nil)
		if !force && sig == ins.lastSig {
			return nil
		}
		ins.lastSig = sig
		ins.render(e, tok, mode, key)
		return nil
	}, nil)
}

// render shows the token's parts, claims, PAE and verdict. It runs on the
// worker.
func (ins *inspector) render(e *engine.Engine, tok, mode, key string) {
	ins.showServerKey(e)
	for _, el := range []js.Value{ins.colour, ins.claims, ins.payload, ins.footer, ins.pae} {
		clear(el)
	}
	ins.flip.Set("disabled", true)
	if tok == "" {
		setText(ins.result, "")
		return
	}
	parts, err := paseto.Inspect(tok, nil)
	if err != nil {
		add(ins.colour, textElem("span", "ti-bad", tok))
		ins.verdict(err)
		return
	}
	ins.flip.Set("disabled", false)
	ins.colourParts(tok, parts)
	ins.showClaims(parts.Message, e.Now())
	setText(ins.payload, prettyJSON(parts.Message))
	setText(ins.footer, footerText(parts))
	setText(ins.pae, hexDump(parts.PAE, 2048))
	ins.verdict(ins.verify(e, tok, mode, key))
}

func (ins *inspector) showServerKey(e *engine.Engine) {
	m := e.Tokens()
	if m == nil {
		setText(ins.serverKey, "The token service is not installed in this run.")
		return
	}
	pk := m.PublicKey(e.Config().Server.Hosts[0])
	setText(ins.serverKey, "server public key: "+pk.PASERK()+"  (kid "+pk.ID()+")")
}

// verify checks the token with the chosen key at the virtual time.
func (ins *inspector) verify(e *engine.Engine, tok, mode, key string) error {
	now := e.Now()
	if mode == "paserk" {
		pk, err := paseto.ParsePublicKey(key)
		if err != nil {
			return err
		}
		_, err = paseto.VerifyClaims(pk, tok, nil, nil, paseto.Validator{Now: now})
		return err
	}
	m := e.Tokens()
	if m == nil {
		return fmt.Errorf("the token service is not installed; paste a PASERK")
	}
	_, err := m.Verifier(e.Config().Server.Hosts[0]).Verify(tok, now)
	return err
}

func (ins *inspector) verdict(err error) {
	setClass(ins.result, "ti-ok", err == nil)
	setClass(ins.result, "ti-fail", err != nil)
	if err == nil {
		setText(ins.result, "✓ Valid: the signature verifies and the claims hold at the virtual time.")
		return
	}
	var pe *paseto.Error
	if errors.As(err, &pe) {
		setText(ins.result, "✗ Rejected by rule “"+string(pe.Rule)+"”: "+pe.Detail)
		return
	}
	setText(ins.result, "✗ "+err.Error())
}

// colourParts shows the header, the payload and signature within the
// body, and the footer in their own colours. The body character that
// holds bits of both the payload and the signature counts as payload.
func (ins *inspector) colourParts(tok string, p paseto.Parts) {
	split := p.BodySpan.Start + (4*len(p.Message)+2)/3
	seg := func(class, title string, from, to int) {
		if from < to {
			add(ins.colour, attr(textElem("span", class, tok[from:to]), "title", title))
		}
	}
	seg("ti-header", "header: version and purpose", p.HeaderSpan.Start, p.HeaderSpan.End)
	seg("ti-payload", "payload: the claims JSON, base64url", p.BodySpan.Start, split)
	seg("ti-sig", "signature: Ed25519 over the PAE bytes", split, p.BodySpan.End)
	if p.HasFooter {
		seg("ti-dot", "", p.BodySpan.End, p.FooterSpan.Start)
		seg("ti-footer", "footer: authenticated, readable", p.FooterSpan.Start, p.FooterSpan.End)
	}
}

// showClaims lists the registered claims, times in words.
func (ins *inspector) showClaims(msg []byte, now time.Time) {
	c, err := paseto.ParseClaims(msg)
	if err != nil {
		add(ins.claims, claimRow("—", "", err.Error()))
		return
	}
	for _, r := range [][3]string{
		{"iss", c.Issuer, "issuer"}, {"sub", c.Subject, "subject"}, {"aud", c.Audience, "audience"}, {"jti", c.ID, "token id"},
		{"iat", stamp(c.IssuedAt), timeWords("issued", c.IssuedAt, now)},
		{"nbf", stamp(c.NotBefore), timeWords("valid from", c.NotBefore, now)},
		{"exp", stamp(c.Expiration), timeWords("expires", c.Expiration, now)},
	} {
		if r[1] != "" {
			add(ins.claims, claimRow(r[0], r[1], r[2]))
		}
	}
	names := make([]string, 0, len(c.Extra))
	for name := range c.Extra {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		add(ins.claims, claimRow(name, string(c.Extra[name]), ""))
	}
}

func claimRow(name, val, note string) js.Value {
	return add(elem("tr", ""), textElem("th", "", name), textElem("td", "", val), textElem("td", "hint", note))
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// timeWords says when t is relative to now on the virtual clock:
// "expires in 59 min", "expired 2 min ago".
func timeWords(what string, t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := t.Sub(now)
	switch {
	case d > 0 && what == "expires":
		return "expires in " + span(d)
	case d <= 0 && what == "expires":
		return "expired " + span(-d) + " ago"
	case d > 0 && what == "valid from":
		return "not valid for another " + span(d)
	case d <= 0 && what == "valid from":
		return "valid since " + span(-d) + " ago"
	case d > 0:
		return "issued " + span(d) + " in the future"
	}
	return "issued " + span(-d) + " ago"
}

// span writes a duration for people: "42 s", "59 min", "1 h", "3 h 5 min", "2 days".
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour && d%time.Hour < time.Minute:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// prettyJSON indents a JSON payload, or returns it as it is when it is not
// JSON.
func prettyJSON(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return string(b)
	}
	return string(out)
}

func footerText(p paseto.Parts) string {
	if !p.HasFooter {
		return "(none)"
	}
	return prettyJSON(p.Footer)
}

// hexDump writes b as offset, 16 hex bytes and their printable ASCII per
// line, up to max bytes.
func hexDump(b []byte, max int) string {
	var sb strings.Builder
	n := len(b)
	if n > max {
		n = max
	}
	for off := 0; off < n; off += 16 {
		end := min(off+16, n)
		fmt.Fprintf(&sb, "%08x  % -47x  ", off, b[off:end])
		for _, c := range b[off:end] {
			if c < 32 || c > 126 {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteByte('\n')
	}
	if len(b) > n {
		fmt.Fprintf(&sb, "… %d more bytes\n", len(b)-n)
	}
	return sb.String()
}

// flipByte XORs the middle byte of the signed message with 0x01 and
// encodes the token again: one byte of what was signed changes, so the
// signature no longer verifies. Flipping again restores the token. Text
// that is not a token is returned unchanged.
func flipByte(tok string) string {
	p, err := paseto.Inspect(tok, nil)
	if err != nil || len(p.Message) == 0 {
		return tok
	}
	body := append(append([]byte(nil), p.Message...), p.Signature...)
	body[len(p.Message)/2] ^= 0x01
	return tok[:p.BodySpan.Start] + paseto.EncodeBase64(body) + tok[p.BodySpan.End:]
}
