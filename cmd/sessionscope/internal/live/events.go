package live

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coder/websocket"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// EventsPath is where EventsHandler is mounted by the listen command.
const EventsPath = "/live/events"

// eventQueue bounds what a page may fall behind by, in events, before it
// is disconnected.
const eventQueue = 4096

// publish sends an event, as JSON, to every page watching; a page that
// has fallen too far behind is disconnected. It runs on the engine
// goroutine.
func (r *Runner) publish(ev engine.Event) {
	if len(r.watchers) == 0 {
		return
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return
	}
	for ch := range r.watchers {
		select {
		case ch <- b:
		default:
			delete(r.watchers, ch)
			close(ch)
		}
	}
}

// watch adds a watcher and first gives it every current session as a
// session-created event.
func (r *Runner) watch() (chan []byte, error) {
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
		r.watchers[ch] = true
	})
	return ch, err
}

func (r *Runner) unwatch(ch chan []byte) {
	_ = r.Do(func(*engine.Engine) {
		if r.watchers[ch] {
			delete(r.watchers, ch)
			close(ch)
		}
	})
}

// EventsHandler streams the engine's events to a page over WebSocket, one
// JSON engine.Event per text message: first a session-created event for
// every current session, then every event as it happens. Only same-origin
// and loopback pages may connect; what the page receives is client
// supplied text and must be shown as text only.
func (r *Runner) EventsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c, err := websocket.Accept(w, req, &websocket.AcceptOptions{OriginPatterns: loopbackOrigins})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ch, err := r.watch()
		if err != nil {
			_ = c.Close(websocket.StatusGoingAway, "stopped")
			return
		}
		defer r.unwatch(ch)
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
