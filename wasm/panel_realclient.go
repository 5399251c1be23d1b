//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/control"
	"honnef.co/go/js/dom/v2"
)

// realClientPanel opens Converse.js, a real XMPP client, in a frame of
// this origin (realclient.html). Inside it, InTabWebSocket (intab-ws.js)
// reaches the run through window.sessionscopeSockets: connecting is a
// dial input, each message a recv input and closing a hangup, the
// listener's inputs (control.Board.Dial). Nothing of Converse loads
// until the panel is opened.
type realClientPanel struct {
	a              *app
	btn, hold, box elem
	frame          elem // the frame while open (event loop only)
}

// sockCallbacks are an in-tab WebSocket's ends in the frame.
type sockCallbacks struct{ message, closed js.Value }

func newRealClientPanel(a *app) *realClientPanel {
	p := &realClientPanel{a: a, btn: byID("btn-realclient"), hold: byID("rc-hold"), box: byID("realclient-box")}
	on(p.btn, "click", func(event) {
		if p.frame != nil {
			p.close(nil)
			return
		}
		p.open(js.Undefined())
	})
	on(p.hold, "change", func(event) {
		held := p.hold.Underlying().Get("checked").Bool()
		a.do(func() error { return a.b.Hold(held) }, nil)
	})
	hub := jsGlobal.Get("Object").New()
	hub.Set("dial", js.FuncOf(p.jsDial))
	hub.Set("send", js.FuncOf(func(_ js.Value, vs []js.Value) any {
		name, data := vs[0].String(), vs[1].String()
		a.do(func() error { return a.b.Recv(name, data) }, nil)
		return nil
	}))
	hub.Set("close", js.FuncOf(func(_ js.Value, vs []js.Value) any {
		name := vs[0].String()
		a.do(func() error { return a.b.Hangup(name) }, nil)
		return nil
	}))
	jsGlobal.Set("sessionscopeSockets", hub)
	return p
}

// render shows whether deliveries are held.
func (p *realClientPanel) render(f frame) {
	if p.hold.Underlying().Get("checked").Bool() != f.Held {
		prop(p.hold, "checked", f.Held)
	}
}

// jsDial is sessionscopeSockets.dial(client, opened, message, closed): a
// socket connects. opened gets the socket's name.
func (p *realClientPanel) jsDial(_ js.Value, vs []js.Value) any {
	client, opened, message, closed := vs[0].String(), vs[1], vs[2], vs[3]
	p.a.do(func() error {
		name, err := p.a.b.Dial(client, sockCallbacks{message: message, closed: closed})
		if err != nil {
			later(closed)
			return err
		}
		later(opened, name)
		return nil
	}, nil)
	return nil
}

// later calls f with args from the event loop, after what is queued.
func later(f js.Value, args ...any) {
	jsGlobal.Call("setTimeout", append([]any{f, 0}, args...)...)
}

// flush runs after each piece of work (worker only): the run plays on
// while a real client is attached, and what the server wrote reaches
// the sockets, in order. A socket the server closed is hung up, as the
// listener does when its socket closes.
func (p *realClientPanel) flush() {
	if err := p.a.b.Settle(); err != nil {
		p.a.flash(err.Error())
	}
	for outs := p.a.b.Outbox(); len(outs) > 0; outs = p.a.b.Outbox() {
		deliver(outs)
		for _, o := range outs {
			if o.Close {
				_ = p.a.b.Hangup(o.Socket)
			}
		}
	}
	p.a.b.AnswerWaits()
}

// deliver hands each Out to its socket in the frame.
func deliver(outs []control.Out) {
	for _, o := range outs {
		switch cb, ok := o.Ends.(sockCallbacks); {
		case !ok:
		case o.Close:
			later(cb.closed)
		default:
			later(cb.message, o.Data)
		}
	}
}

// hangUpAll hangs up every attached socket, closing it in the frame
// (worker only).
func (p *realClientPanel) hangUpAll() error {
	outs, err := p.a.b.HangupAll()
	deliver(outs)
	return err
}

// open shows the panel with a fresh Converse, logging in with login
// ({jid, password}) when it is an object. A frame open before is
// closed, its sockets hung up.
func (p *realClientPanel) open(login js.Value) {
	p.removeFrame()
	p.a.do(p.hangUpAll, nil)
	f := set(el("iframe", "realclient-frame"), "src", "realclient.html", "title", "Converse.js, a real XMPP client", "data-real-client", "converse")
	var onLoad js.Func
	onLoad = js.FuncOf(func(js.Value, []js.Value) any {
		onLoad.Release()
		if w := f.Underlying().Get("contentWindow"); !w.IsNull() && w.Get("startConverse").Type() == js.TypeFunction {
			w.Call("startConverse", login)
		}
		return nil
	})
	f.Underlying().Call("addEventListener", "load", onLoad)
	p.frame = f
	p.box.AppendChild(f)
	prop(p.box, "hidden", false)
	p.btn.SetTextContent("Close real client")
	p.btn.SetAttribute("aria-expanded", "true")
}

// removeFrame takes the frame away (event loop only).
func (p *realClientPanel) removeFrame() {
	if p.frame != nil {
		p.frame.Remove()
		p.frame = nil
	}
	prop(p.box, "hidden", true)
	p.btn.SetTextContent("Real client")
	p.btn.SetAttribute("aria-expanded", "false")
}

// close hangs up the real client and removes its frame; done, if not
// nil, is called with the outcome.
func (p *realClientPanel) close(done func(error)) {
	p.removeFrame()
	p.a.do(p.hangUpAll, done)
}

// apiRealClient is sessionscope.realClient({user, password}): it creates
// the account when missing, opens the panel and logs Converse in, and
// resolves with the session id once the session is bound.
func (p *realClientPanel) apiRealClient(_ js.Value, vs []js.Value) any {
	var c struct{ User, Password string }
	_ = readArgs(vs).Object(0, &c) // AwaitLogin refuses what is missing
	return newPromise(func(resolve, reject js.Value) {
		login := jsGlobal.Get("Object").New()
		login.Set("password", c.Password)
		p.a.do(func() error {
			jid, w, err := p.a.b.AwaitLogin(c.User, c.Password, func(id string, err error) { settle(resolve, reject, id, err) })
			if err == nil {
				login.Set("jid", jid)
				time.AfterFunc(control.RealClientWait, func() { p.a.do(func() error { p.a.b.GiveUp(w); return nil }, nil) })
			}
			return err
		}, func(err error) {
			if err != nil {
				settle(resolve, reject, nil, err)
				return
			}
			dom.GetWindow().SetTimeout(func() { p.open(login) }, 0)
		})
	})
}

// apiCloseRealClient is sessionscope.closeRealClient(): it hangs up the
// real client and removes its frame.
func (p *realClientPanel) apiCloseRealClient(js.Value, []js.Value) any {
	return newPromise(func(resolve, reject js.Value) {
		dom.GetWindow().SetTimeout(func() { p.close(func(err error) { settle(resolve, reject, nil, err) }) }, 0)
	})
}
