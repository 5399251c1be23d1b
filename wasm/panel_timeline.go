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
	// live is set while a real client is attached: the run plays on its
	// own, and Play/Pause holds or releases its deliveries instead.
	live, held bool
	keys       map[string]func() // the shortcuts
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
	back := func() { p.seekTo(func(step, _ int) int { return step - 1 }) }
	first := func() { p.seekTo(func(int, int) int { return 0 }) }
	last := func() { p.seekTo(func(_, total int) int { return total }) }
	faster, slower := func() { p.setSpeed(p.player.speed + 0.25) }, func() { p.setSpeed(p.player.speed - 0.25) }
	p.keys = map[string]func(){" ": p.toggle, "ArrowRight": p.forward, "ArrowLeft": back, "Home": first, "End": last,
		"+": faster, "=": faster, "-": slower, "−": slower, "_": slower, "?": toggleHelp}
	for id, f := range map[string]func(){"btn-step": p.forward, "btn-back": back, "btn-start": first, "btn-end": last,
		"btn-play": p.toggle, "btn-help": toggleHelp, "btn-share": a.share,
		"btn-idle":     func() { a.do(func() error { return a.b.TL.RunIdle(100000) }, nil) },
		"btn-wait":     func() { a.act(engine.Input{Op: engine.OpAdvance, Duration: 300 * time.Second}) },
		"btn-fork-yes": func() { a.do(func() error { return a.b.ConfirmFork(true) }, nil) },
		"btn-fork-no":  func() { a.do(func() error { return a.b.ConfirmFork(false) }, nil) },
		"btn-new": func() {
			if jsGlobal.Call("confirm", "Start a new, empty run? The current run is dropped (use Share link first to keep it).").Bool() {
				a.do(a.b.NewRun, nil)
			}
		},
	} {
		on(byID(id), "click", func(event) { f() })
	}
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
	p.renderLive(f)
	prop(p.forkBar, "hidden", f.Fork == "")
	if f.Fork != "" {
		p.forkText.SetTextContent(f.ForkText(f.Fork))
		byID("btn-fork-yes").Focus()
	}
}

func toggleHelp() {
	h := byID("help")
	open := h.HasAttribute("hidden")
	prop(h, "hidden", !open)
	byID("btn-help").SetAttribute("aria-expanded", strconv.FormatBool(open))
}

// key performs the timeline's keyboard shortcuts, unless the user is
// typing in a field (or pressing the focused control with space).
func (p *timelinePanel) key(e event) {
	k, plain := keyOf(e)
	f := p.keys[k]
	switch tagOf(e) {
	case "INPUT", "TEXTAREA", "SELECT":
		return
	case "BUTTON", "A", "SUMMARY":
		plain = plain && k != " "
	}
	if f != nil && plain {
		f()
		e.PreventDefault()
	}
}

// forward re-applies the next recorded input, or steps the engine at the
// end of the recording.
func (p *timelinePanel) forward() {
	p.a.do(func() error { _, err := p.a.b.TL.Forward(1); return err }, nil)
}

// seekTo moves to the position target chooses from the position and the
// run's length.
func (p *timelinePanel) seekTo(target func(step, total int) int) {
	p.a.do(func() error { return p.a.b.TL.Seek(target(p.a.b.TL.Position())) }, nil)
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

// toggle starts or stops playing. While a real client is attached, the
// run already plays on its own: toggle holds its deliveries in flight,
// or lets them go.
func (p *timelinePanel) toggle() {
	if p.live {
		held := !p.held
		p.a.do(func() error { return p.a.b.Hold(held) }, nil)
		return
	}
	p.toggleLabel(p.player.toggle())
}

// renderLive shows Pause while a real client's run plays on its own.
func (p *timelinePanel) renderLive(f frame) {
	live := f.RealClients > 0
	switch {
	case live:
		p.held = f.Held
		p.toggleLabel(!f.Held)
	case p.live:
		p.toggleLabel(p.player.timer != 0)
	}
	p.live = live
}

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
	pl.a.mu.Lock()
	on := pl.pauseOn
	pl.a.mu.Unlock()
	stop, why, err := pl.a.b.Tick(on)
	if stop && pl.run.CompareAndSwap(run, run+1) {
		pl.a.pauseFromWorker(run+1, why)
	}
	return err
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
