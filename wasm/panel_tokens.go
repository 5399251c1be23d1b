//go:build js && wasm

package main

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/view"
	"honnef.co/go/js/dom/v2"
)

// tokenPanel is the token inspector: a jwt.io for PASETO v4.public, over
// what view.InspectToken computes. Every piece of the token reaches the
// page through textContent only.
type tokenPanel struct {
	a                                    *app
	input, pick, keyMode, keyIn, flip    elem
	colour, claims, payload, footer, pae elem
	result, serverKey                    elem
	ins                                  view.Inspector // worker only
}

// newTokenPanel builds the inspector in <section id="token-inspector"> and
// installs the token service in the run once the page is ready, so that
// clients can ask for tokens and log in with OAUTHBEARER, and the
// inspector has a server key to verify against.
func newTokenPanel(a *app) *tokenPanel {
	p := &tokenPanel{a: a}
	p.build()
	// Both wait until the page is ready: enabling tokens rebuilds the run,
	// and the sample token costs an Ed25519 key and signature, slow the
	// first time in WebAssembly.
	a.w.WhenReady(func() {
		if err := a.b.EnsureTokens(); err != nil {
			a.showBanner("Tokens are not available: " + err.Error())
		}
	})
	a.w.WhenReady(p.refreshPicks)
	dom.GetWindow().SetInterval(func() { p.update(false) }, 1000)
	return p
}

// build finds the inspector's elements, which the page holds.
func (p *tokenPanel) build() {
	p.input, p.pick, p.keyMode, p.keyIn, p.flip = byID("ti-input"), byID("ti-pick"), byID("ti-key-mode"), byID("ti-key"), byID("ti-flip")
	p.colour, p.claims, p.payload, p.footer, p.pae = byID("ti-colour"), byID("ti-claims"), byID("ti-payload"), byID("ti-footer"), byID("ti-pae")
	p.result, p.serverKey = byID("ti-result"), byID("ti-server-key")
	p.bind()
}

func (p *tokenPanel) bind() {
	on(p.input, "input", func(event) { p.update(true) })
	on(p.keyIn, "input", func(event) { p.update(true) })
	on(p.keyMode, "change", func(event) { p.update(true) })
	on(p.pick, "focus", func(event) { p.a.do(func() error { p.refreshPicks(); return nil }, nil) })
	on(p.pick, "change", func(event) {
		if v := value(p.pick); v != "" {
			prop(p.input, "value", v)
			p.update(true)
		}
	})
	on(p.flip, "click", func(event) {
		prop(p.input, "value", view.FlipByte(strings.TrimSpace(value(p.input))))
		p.update(true)
	})
}

// refreshPicks lists the sample token and every token a client holds.
// It runs on the worker.
func (p *tokenPanel) refreshPicks() {
	opts, changed := p.ins.Picks(p.a.b.TL.Engine())
	if !changed {
		return
	}
	keep := value(p.pick)
	kids := make([]elem, 0, len(opts))
	for _, o := range opts {
		kids = append(kids, set(txt("option", "", o[1]), "value", o[0]))
	}
	replace(p.pick, kids...)
	prop(p.pick, "value", keep)
}

// update queues a render of the current token; unless force is set, it
// renders only when the token, the key or the virtual time changed.
func (p *tokenPanel) update(force bool) {
	tok := strings.TrimSpace(value(p.input))
	mode, key := value(p.keyMode), strings.TrimSpace(value(p.keyIn))
	p.a.do(func() error {
		p.refreshPicks()
		if t, changed := p.ins.Inspect(p.a.b.TL.Engine(), tok, mode, key, force); changed {
			p.render(t)
		}
		return nil
	}, nil)
}

// render shows the token's parts, claims, PAE and verdict.
func (p *tokenPanel) render(t view.Token) {
	p.serverKey.SetTextContent(t.ServerKey)
	parts := make([]elem, 0, len(t.Parts))
	for _, pt := range t.Parts {
		parts = append(parts, set(txt("span", pt.Class, pt.Text), "title", pt.Title))
	}
	replace(p.colour, parts...)
	rows := make([]elem, 0, len(t.Claims))
	for _, c := range t.Claims {
		rows = append(rows, el("tr", "", txt("th", "", c[0]), txt("td", "", c[1]), txt("td", "hint", c[2])))
	}
	replace(p.claims, rows...)
	p.payload.SetTextContent(t.Payload)
	p.footer.SetTextContent(t.Footer)
	p.pae.SetTextContent(t.PAE)
	prop(p.flip, "disabled", !t.Flippable)
	classOn(p.result, "ti-ok", t.Checked && t.Valid)
	classOn(p.result, "ti-fail", t.Checked && !t.Valid)
	p.result.SetTextContent(t.Verdict)
}
