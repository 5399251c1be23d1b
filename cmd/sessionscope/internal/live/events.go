package live

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coder/websocket"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

// EventsPath is where EventsHandler is mounted by the listen command.
const EventsPath = "/live/events"

// eventQueue bounds what a page may fall behind by, in events, before it
// is disconnected.
const eventQueue = 4096

// publish sends an event, as JSON, to every page watching, with the SASL
// credentials a client sent masked unless the page asked to see them; a
// page that has fallen too far behind is disconnected. It runs on the
// engine goroutine.
func (r *Runner) publish(ev engine.Event) {
	masked := r.mask(ev)
	if len(r.watchers) == 0 {
		return
	}
	var plain, hidden []byte
	for ch, reveal := range r.watchers {
		b := &hidden
		if reveal {
			b = &plain
		}
		if *b == nil {
			e := masked
			if reveal {
				e = ev
			}
			var err error
			if *b, err = json.Marshal(e); err != nil {
				return
			}
		}
		select {
		case ch <- *b:
		default:
			delete(r.watchers, ch)
			close(ch)
		}
	}
}

// mask returns the event with the credentials in what a client sent
// masked, following each connection's stream from its first byte (so
// that credentials cut across chunks stay masked) once the events are
// served.
func (r *Runner) mask(ev engine.Event) engine.Event {
	if ev.Kind != engine.Wire || ev.Dir != engine.In || !r.masking.Load() {
		return ev
	}
	m := r.maskers[ev.Conn]
	switch {
	case ev.What == "close":
		delete(r.maskers, ev.Conn)
		return ev
	case ev.What != "data":
		return ev
	case m == nil:
		m = &view.Masker{}
		r.maskers[ev.Conn] = m
	}
	ev.Raw = m.Mask(ev.Raw)
	return ev
}

// watch adds a watcher and first gives it every current session as a
// session-created event.
func (r *Runner) watch(reveal bool) (chan []byte, error) {
	var ch chan []byte
	err := r.Do(func(e *engine.Engine) {
		ss := e.Sessions()
		ch = make(chan []byte, eventQueue+len(ss))
		for i := range ss {
			b, err := json.Marshal(engine.Event{Kind: engine.SessionCreated, Step: e.StepCount(), SessionID: ss[i].ID, Snapshot: &ss[i]})
			if err == nil {
				ch <- b
			}
		}
		r.watchers[ch] = reveal
	})
	return ch, err
}

func (r *Runner) unwatch(ch chan []byte) {
	_ = r.Do(func(*engine.Engine) {
		if _, ok := r.watchers[ch]; ok {
			delete(r.watchers, ch)
			close(ch)
		}
	})
}

// EventsHandler streams the engine's events to a page over WebSocket, one
// JSON engine.Event per text message: first a session-created event for
// every current session, then every event as it happens. The guard
// decides who may watch (the secret token, the Host and the Origin);
// others get 403 Forbidden. The SASL credentials clients send are masked
// unless the events URL has reveal=1. What the page receives is client
// supplied text and must be shown as text only.
func (r *Runner) EventsHandler(g Guard) http.Handler {
	r.masking.Store(true)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if why := g.check(req); why != "" {
			http.Error(w, why, http.StatusForbidden)
			return
		}
		// Watch before the handshake ends, so that a page watches from
		// the moment its WebSocket opens.
		ch, err := r.watch(req.URL.Query().Get(RevealParam) == "1")
		if err != nil {
			http.Error(w, "the listener has stopped", http.StatusServiceUnavailable)
			return
		}
		defer r.unwatch(ch)
		// The guard has checked the Origin.
		c, err := websocket.Accept(w, req, &websocket.AcceptOptions{InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := c.CloseRead(context.Background())
		for {
			select {
			case b, ok := <-ch:
				if !ok {
					_ = c.Close(websocket.StatusPolicyViolation, "too far behind")
					return
				}
				wctx, cancel := context.WithTimeout(ctx, r.cfg.WriteTimeout)
				err := c.Write(wctx, websocket.MessageText, b)
				cancel()
				if err != nil {
					return
				}
			case <-ctx.Done():
				return
			case <-r.done:
				_ = c.Close(websocket.StatusGoingAway, "stopped")
				return
			}
		}
	})
}
