//go:build js && wasm

package main

import (
	"strconv"
	"time"

	"github.com/sessionscope/sessionscope/sim/control"
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
	p.player = player{a: a, Player: control.NewPlayer()}
	p.bind()
	p.setSpeed(p.player.Speed().Log)
	return p
}

func (p *timelinePanel) bind() {
	a := p.a
	back := func() { p.seekTo(func(step, _ int) int { return step - 1 }) }
	first := func() { p.seekTo(func(int, int) int { return 0 }) }
	last := func() { p.seekTo(func(_, total int) int { return total }) }
	faster, slower := func() { p.setSpeed(p.player.Speed().Log + 0.25) }, func() { p.setSpeed(p.player.Speed().Log - 0.25) }
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
	on(p.pauseChoice, "change", func(event) { p.player.SetPauseOn(value(p.pauseChoice)) })
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
	sp := p.player.SetSpeed(s)
	prop(p.speed, "value", sp.Log)
	p.speedOut.SetTextContent(sp.PerSecond + "/s")
	p.speed.SetAttribute("aria-valuetext", sp.PerSecond+" steps a second")
	if run, playing := p.player.Current(); playing {
		p.player.every(run, sp.Every)
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
	run, playing := p.player.Toggle()
	p.player.every(run, p.player.Speed().Every)
	p.toggleLabel(playing)
}

// renderLive shows Pause while a real client's run plays on its own.
func (p *timelinePanel) renderLive(f frame) {
	live := f.RealClients > 0
	switch {
	case live:
		p.held = f.Held
		p.toggleLabel(!f.Held)
	case p.live:
		_, playing := p.player.Current()
		p.toggleLabel(playing)
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

// player steps the run on a wall-clock interval while playing
// (control.Player). Wall time only paces the animation; the engine's own
// time stays virtual.
type player struct {
	*control.Player
	a     *app
	timer int // the interval's id while one runs, else 0 (event loop only)
}

// every runs the interval that takes the steps of playback run, one
// every d, when run plays, and stops the one running.
func (pl *player) every(run int64, d time.Duration) {
	if pl.timer != 0 {
		dom.GetWindow().ClearInterval(pl.timer)
		pl.timer = 0
	}
	if cur, playing := pl.Current(); cur != run || !playing {
		return
	}
	pl.timer = dom.GetWindow().SetInterval(func() {
		pl.a.do(func() error {
			paused, why, err := pl.Tick(pl.a.b, run)
			if paused {
				dom.GetWindow().SetTimeout(func() { pl.paused(run+1, why) }, 0)
			}
			return err
		}, nil)
	}, int(d.Milliseconds()))
}

// paused stops the interval of a playback the worker paused, and says
// why, unless the user started or stopped one since (event loop).
func (pl *player) paused(run int64, why string) {
	if cur, _ := pl.Current(); cur == run && pl.timer != 0 {
		pl.every(run, 0)
		pl.a.timeline.toggleLabel(false)
		pl.a.flash(why)
	}
}
