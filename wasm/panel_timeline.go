//go:build js && wasm

package main

import (
	"math"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
	"honnef.co/go/js/dom/v2"
)

// timelinePanel is the playback bar: step, back, play at a speed, pause on
// a point of interest, jump, share, new run, the keys, and the fork bar.
type timelinePanel struct {
	a                                    *app
	position, scrubber, speed, speedOut  elem
	forkBar, forkText, play, pauseChoice elem
	scr                                  screen
	player                               player
}

func newTimelinePanel(a *app) *timelinePanel {
	p := &timelinePanel{a: a, position: byID("position"), scrubber: byID("scrubber"), speed: byID("speed"),
		speedOut: byID("speed-out"), forkBar: byID("fork-bar"), forkText: byID("fork-text"), play: byID("btn-play"),
		pauseChoice: byID("pause-on"), scr: screen{}}
	p.player = player{a: a, speed: 0.5}
	p.bind()
	p.setSpeed(p.player.speed)
	return p
}

func (p *timelinePanel) bind() {
	a := p.a
	click := func(id string, f func()) { on(byID(id), "click", func(event) { f() }) }
	click("btn-step", p.forward)
	click("btn-back", func() { p.seekTo(func(step, _ int) int { return step - 1 }) })
	click("btn-start", func() { p.seekTo(func(int, int) int { return 0 }) })
	click("btn-end", func() { p.seekTo(func(_, total int) int { return total }) })
	click("btn-play", p.toggle)
	click("btn-idle", func() { a.do(func() error { return a.tl.RunIdle(100000) }, nil) })
	click("btn-wait", func() { a.act(engine.Input{Op: engine.OpAdvance, Duration: 300 * time.Second}) })
	click("btn-fork-yes", func() { a.do(func() error { return a.confirmFork(true) }, nil) })
	click("btn-fork-no", func() { a.do(func() error { return a.confirmFork(false) }, nil) })
	click("btn-help", toggleHelp)
	click("btn-share", a.share)
	click("btn-new", func() {
		if jsGlobal.Call("confirm", "Start a new, empty run? The current run is dropped (use Share link first to keep it).").Bool() {
			a.do(a.newRun, nil)
		}
	})
	on(p.scrubber, "input", func(event) {
		n, _ := strconv.Atoi(value(p.scrubber))
		total, _ := strconv.Atoi(p.scrubber.GetAttribute("max"))
		p.position.SetTextContent(view.PositionText(n, total))
	})
	on(p.scrubber, "change", func(event) {
		n, _ := strconv.Atoi(value(p.scrubber))
		p.seekTo(func(int, int) int { return n })
	})
	on(p.speed, "input", func(event) {
		f, _ := strconv.ParseFloat(value(p.speed), 64)
		p.setSpeed(f)
	})
	on(p.pauseChoice, "change", func(event) { p.player.setPauseOn(value(p.pauseChoice)) })
	on(wrap(document), "keydown", p.key)
}

// render shows the position and the fork bar.
func (p *timelinePanel) render(f frame) {
	pos := f.PositionText()
	p.position.SetTextContent(pos)
	p.scrubber.SetAttribute("max", strconv.Itoa(f.Total))
	if !same(active(), p.scrubber) {
		prop(p.scrubber, "value", f.Step)
	}
	p.scrubber.SetAttribute("aria-valuetext", pos)
	prop(p.forkBar, "hidden", f.fork == "")
	if f.fork != "" {
		p.forkText.SetTextContent(f.ForkText(f.fork))
		byID("btn-fork-yes").Focus()
	}
}

func toggleHelp() {
	h := byID("help")
	open := h.HasAttribute("hidden")
	prop(h, "hidden", !open)
	byID("btn-help").SetAttribute("aria-expanded", strconv.FormatBool(open))
}

// key handles the timeline's keyboard shortcuts, unless the user is
// typing in a field.
func (p *timelinePanel) key(e event) {
	k, plain := keyOf(e)
	if !plain {
		return
	}
	switch tagOf(e) {
	case "INPUT", "TEXTAREA", "SELECT":
		return
	case "BUTTON", "A", "SUMMARY":
		if k == " " {
			return // space presses the focused control
		}
	}
	if p.shortcut(k) {
		e.PreventDefault()
	}
}

// shortcut performs the key's action and reports whether it has one.
func (p *timelinePanel) shortcut(k string) bool {
	switch k {
	case " ":
		p.toggle()
	case "ArrowRight":
		p.forward()
	case "ArrowLeft":
		p.seekTo(func(step, _ int) int { return step - 1 })
	case "Home":
		p.seekTo(func(int, int) int { return 0 })
	case "End":
		p.seekTo(func(_, total int) int { return total })
	case "+", "=":
		p.setSpeed(p.player.speed + 0.25)
	case "-", "−", "_":
		p.setSpeed(p.player.speed - 0.25)
	case "?":
		toggleHelp()
	default:
		return false
	}
	return true
}

// forward re-applies the next recorded input, or steps the engine at the
// end of the recording.
func (p *timelinePanel) forward() {
	p.a.do(func() error { _, err := p.a.tl.Forward(1); return err }, nil)
}

// seekTo moves to the position target chooses from the position and the
// run's length.
func (p *timelinePanel) seekTo(target func(step, total int) int) {
	p.a.do(func() error { return p.a.tl.Seek(target(p.a.tl.Position())) }, nil)
}

func (p *timelinePanel) setSpeed(s float64) {
	pl := &p.player
	pl.speed = math.Max(-1, math.Min(2, s))
	perSecond := strconv.FormatFloat(math.Pow(10, pl.speed), 'g', 2, 64)
	prop(p.speed, "value", pl.speed)
	p.speedOut.SetTextContent(perSecond + "/s")
	p.speed.SetAttribute("aria-valuetext", perSecond+" steps a second")
	if pl.timer != 0 {
		pl.tickEvery(pl.run.Load())
	}
}

// toggle starts or stops playing.
func (p *timelinePanel) toggle() { p.toggleLabel(p.player.toggle()) }

// toggleLabel shows Play or Pause.
func (p *timelinePanel) toggleLabel(playing bool) {
	label := map[bool]string{true: "Pause", false: "Play"}[playing]
	p.play.SetTextContent(label)
	p.play.SetAttribute("aria-pressed", strconv.FormatBool(playing))
	p.play.SetAttribute("aria-label", label+" (space)")
}

// player steps the run on a wall-clock interval while playing. Wall time
// only paces the animation; the engine's own time stays virtual. Its
// fields but run belong to the event loop.
type player struct {
	a     *app
	speed float64 // log10 of steps a second, -1 .. 2
	timer int     // the interval's id while playing, else 0
	// run counts playbacks: a tick queued by one that has stopped, or
	// stopped itself, does nothing.
	run atomic.Int64
	// pauseOn is the "pause on" choice: "", "state", "stanza", "error" or
	// "end" (app.mu guards it: the worker reads it).
	pauseOn string
}

// setPauseOn records the "pause on" choice.
func (pl *player) setPauseOn(what string) {
	pl.a.mu.Lock()
	pl.pauseOn = what
	pl.a.mu.Unlock()
}

// toggle starts or stops the ticks and reports whether it now plays.
func (pl *player) toggle() bool {
	run := pl.run.Add(1)
	if pl.timer != 0 {
		dom.GetWindow().ClearInterval(pl.timer)
		pl.timer = 0
		return false
	}
	pl.tickEvery(run)
	return true
}

// tickEvery (re)starts the interval that queues a step of playback run.
func (pl *player) tickEvery(run int64) {
	if pl.timer != 0 {
		dom.GetWindow().ClearInterval(pl.timer)
	}
	ms := int(1000 / math.Pow(10, pl.speed))
	pl.timer = dom.GetWindow().SetInterval(func() { pl.a.do(func() error { return pl.tick(run) }, nil) }, ms)
}

// tick takes one step of playback run (worker only). When the run is idle
// at its end, or a point of interest was reached, it stops the playback.
func (pl *player) tick(run int64) error {
	if pl.run.Load() != run {
		return nil
	}
	m := pl.a.model
	before, logLen, gen := m.Marks(), len(m.Log()), m.Gen()
	n, err := pl.a.tl.Forward(1)
	if err != nil || gen != m.Gen() {
		return err
	}
	pl.a.mu.Lock()
	on := pl.pauseOn
	pl.a.mu.Unlock()
	why := "Paused: nothing is pending. Act with a client to go on."
	if what, ok := m.PauseReason(on, before, logLen); n > 0 && ok {
		why = "Paused: " + what + "."
	} else if n > 0 {
		return nil
	}
	if pl.run.CompareAndSwap(run, run+1) {
		pl.a.pauseFromWorker(run+1, why)
	}
	return nil
}

// pauseFromWorker stops the playback that the worker stopped, once the
// event loop runs, unless the user started or stopped one since.
func (a *app) pauseFromWorker(run int64, why string) {
	dom.GetWindow().SetTimeout(func() {
		if pl := &a.timeline.player; pl.timer != 0 && pl.run.Load() == run {
			dom.GetWindow().ClearInterval(pl.timer)
			pl.timer = 0
			a.timeline.toggleLabel(false)
			a.flash(why)
		}
	}, 0)
}
