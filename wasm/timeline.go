//go:build js && wasm

package main

import (
	"math"
	"strconv"
	"syscall/js"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// bindTimeline connects the playback controls and the keys. Handlers only
// queue work on the worker.
func (a *app) bindTimeline() {
	click := func(id string, f func()) { on(byID(id), "click", func(js.Value) { f() }) }
	click("btn-step", a.forward)
	click("btn-back", func() { a.seekBy(-1) })
	click("btn-start", func() { a.seekTo(func(int) int { return 0 }) })
	click("btn-end", func() { a.seekTo(func(total int) int { return total }) })
	click("btn-play", a.player.toggle)
	click("btn-idle", func() { a.do(a.runIdle, nil) })
	click("btn-wait", func() {
		a.do(func() error { return a.input(engine.Input{Op: engine.OpAdvance, Duration: 300 * time.Second}, false) }, nil)
	})
	click("btn-fork-yes", func() { a.do(func() error { return a.confirmFork(true) }, nil) })
	click("btn-fork-no", func() { a.do(func() error { return a.confirmFork(false) }, nil) })
	click("btn-help", toggleHelp)
	click("btn-share", a.share)
	click("btn-new", func() {
		if js.Global().Call("confirm", "Start a new, empty run? The current run is dropped (use Share link first to keep it).").Bool() {
			a.do(a.newRun, nil)
		}
	})
	scrub := byID("scrubber")
	on(scrub, "input", func(js.Value) {
		n := scrub.Get("valueAsNumber").Int()
		setText(byID("position"), "step "+strconv.Itoa(n)+" / "+scrub.Get("max").String())
	})
	on(scrub, "change", func(js.Value) {
		n := scrub.Get("valueAsNumber").Int()
		a.seekTo(func(int) int { return n })
	})
	on(byID("speed"), "input", func(js.Value) { a.player.setSpeed(byID("speed").Get("valueAsNumber").Float()) })
	on(byID("pause-on"), "change", func(js.Value) { a.player.setPauseOn(byID("pause-on").Get("value").String()) })
	on(document, "keydown", a.key)
	a.player.setSpeed(a.player.speed)
}

func toggleHelp() {
	h := byID("help")
	open := h.Get("hidden").Bool()
	h.Set("hidden", !open)
	byID("btn-help").Call("setAttribute", "aria-expanded", strconv.FormatBool(open))
}

// key handles the timeline's keyboard shortcuts, unless the user is
// typing in a field.
func (a *app) key(ev js.Value) {
	if ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool() || ev.Get("altKey").Bool() {
		return
	}
	k := ev.Get("key").String()
	switch ev.Get("target").Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT":
		return
	case "BUTTON", "A", "SUMMARY":
		if k == " " {
			return // space presses the focused control
		}
	}
	handled := true
	switch k {
	case " ":
		a.player.toggle()
	case "ArrowRight":
		a.forward()
	case "ArrowLeft":
		a.seekBy(-1)
	case "Home":
		a.seekTo(func(int) int { return 0 })
	case "End":
		a.seekTo(func(total int) int { return total })
	case "+", "=":
		a.player.setSpeed(a.player.speed + 0.25)
	case "-", "−", "_":
		a.player.setSpeed(a.player.speed - 0.25)
	case "?":
		toggleHelp()
	default:
		handled = false
	}
	if handled {
		ev.Call("preventDefault")
	}
}

// forward re-applies the next recorded input, or steps the engine at the
// end of the recording.
func (a *app) forward() {
	a.do(func() error {
		_, err := a.tl.Forward(1)
		return err
	}, nil)
}

func (a *app) seekBy(n int) {
	a.do(func() error {
		step, _ := a.tl.Position()
		return a.tl.Seek(step + n)
	}, nil)
}

func (a *app) seekTo(target func(total int) int) {
	a.do(func() error {
		_, total := a.tl.Position()
		return a.tl.Seek(target(total))
	}, nil)
}

// runIdle replays the recording to its end, then steps until nothing is
// pending (at most 100 000 steps).
func (a *app) runIdle() error {
	_, total := a.tl.Position()
	if err := a.tl.Seek(total); err != nil {
		return err
	}
	_, err := a.tl.Forward(100000)
	return err
}

// player steps the run on a wall-clock timer while playing. Wall time only
// paces the animation; the engine's own time stays virtual.
type player struct {
	a       *app
	playing bool
	speed   float64 // log10 of steps a second, -1 .. 2
	stop    chan struct{}
	rate    chan time.Duration
	// pauseOn is the "pause on" choice: "", "state", "stanza", "error" or
	// "end" (app.mu guards it: the worker reads it).
	pauseOn string
	// halted is the stop channel of a playback that has paused itself but
	// may still have ticks queued: they do nothing (worker only).
	halted chan struct{}
}

// setPauseOn records the "pause on" choice.
func (p *player) setPauseOn(what string) {
	p.a.mu.Lock()
	p.pauseOn = what
	p.a.mu.Unlock()
}

// fired says what the player pauses on, if it happened since the counts
// before and the first logLen entries of the log (worker only).
func (p *player) fired(before marks, logLen int) (string, bool) {
	p.a.mu.Lock()
	on := p.pauseOn
	p.a.mu.Unlock()
	r := &p.a.rec
	switch on {
	case "state", "end":
		if (on == "state" && r.seen.state > before.state) || (on == "end" && r.seen.end > before.end) {
			return r.seen.what, true
		}
	case "stanza", "error":
		if e, ok := pauseMark(r.log, logLen, on); ok {
			if on == "error" {
				return "an error reached " + e.who, true
			}
			return "data reached " + e.who, true
		}
	}
	return "", false
}

func (p *player) setSpeed(s float64) {
	p.speed = math.Max(-1, math.Min(2, s))
	perSecond := math.Pow(10, p.speed)
	byID("speed").Set("value", p.speed)
	setText(byID("speed-out"), strconv.FormatFloat(perSecond, 'g', 2, 64)+"/s")
	byID("speed").Call("setAttribute", "aria-valuetext", strconv.FormatFloat(perSecond, 'g', 2, 64)+" steps a second")
	if p.rate != nil {
		select {
		case p.rate <- p.interval():
		default:
		}
	}
}

func (p *player) interval() time.Duration {
	return time.Duration(float64(time.Second) / math.Pow(10, p.speed))
}

func (p *player) toggle() {
	btn := byID("btn-play")
	if p.playing {
		close(p.stop)
		p.playing = false
		setText(btn, "Play")
		attr(btn, "aria-pressed", "false")
		attr(btn, "aria-label", "Play (space)")
		return
	}
	p.playing = true
	p.stop = make(chan struct{})
	p.rate = make(chan time.Duration, 1)
	setText(btn, "Pause")
	attr(btn, "aria-pressed", "true")
	attr(btn, "aria-label", "Pause (space)")
	go p.loop(p.stop, p.rate, p.interval())
}

// loop queues one step per tick; when the run is idle at its end, it
// pauses by itself.
func (p *player) loop(stop chan struct{}, rate chan time.Duration, every time.Duration) {
	for {
		select {
		case <-stop:
			return
		case every = <-rate:
		case <-time.After(every):
			p.a.do(func() error {
				if p.halted == stop {
					return nil
				}
				before, logLen, gen := p.a.rec.seen, len(p.a.rec.log), p.a.rec.gen
				n, err := p.a.tl.Forward(1)
				if err != nil || gen != p.a.rec.gen {
					return err
				}
				if n == 0 {
					p.halted = stop
					go p.a.pauseFromWorker(stop, "Paused: nothing is pending. Act with a client to go on.")
				} else if what, ok := p.fired(before, logLen); ok {
					p.halted = stop
					go p.a.pauseFromWorker(stop, "Paused: "+what+".")
				}
				return nil
			}, nil)
		}
	}
}

// pauseFromWorker stops playback once nothing is left to do. It runs the
// DOM update through a timeout so that it happens on the event loop.
func (a *app) pauseFromWorker(stop chan struct{}, why string) {
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		if a.player.playing && a.player.stop == stop {
			a.player.toggle()
			a.ui.flash(why)
		}
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
}
