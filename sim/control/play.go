package control

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Tick takes one step of playback. It reports stop, with why, when the
// playback should pause: the run is idle at its end, or a point of
// interest (pauseOn: "", "state", "stanza", "error" or "end"; see
// view.Model.PauseReason) was reached. A run rebuilt meanwhile (a new
// generation) ends the step quietly.
func (b *Board) Tick(pauseOn string) (stop bool, why string, err error) {
	m := b.Model
	before, logLen, gen := m.Marks(), len(m.Log()), m.Gen()
	n, err := b.TL.Forward(1)
	if err != nil || gen != m.Gen() {
		return false, "", err
	}
	if what, ok := m.PauseReason(pauseOn, before, logLen); n > 0 && ok {
		return true, "Paused: " + what + ".", nil
	} else if n > 0 {
		return false, "", nil
	}
	return true, "Paused: nothing is pending. Act with a client to go on.", nil
}

// Player is a page's playback: while playing, the page takes a step
// (Tick) every Speed().Every, from 0.1 to 100 steps a second, until a
// point of interest the user chose to pause on. Its methods are safe from
// any goroutine; Tick runs on the worker.
type Player struct {
	mu      sync.Mutex
	speed   float64 // log10 of steps a second, -1 .. 2
	pauseOn string
	run     int64 // counts playbacks: a tick of one that has ended does nothing
	playing bool
}

// NewPlayer returns a player at about 3 steps a second, stopped.
func NewPlayer() *Player { return &Player{speed: 0.5} }

// Speed is a playback speed.
type Speed struct {
	Log       float64       // log10 of steps a second, -1 .. 2
	Every     time.Duration // between steps
	PerSecond string        // steps a second, two digits ("3.2")
	Fast      bool          // more than 10 steps a second: the stage does not animate
}

// SetSpeed sets the speed to s, log10 of steps a second, kept within
// -1 .. 2, and returns it.
func (p *Player) SetSpeed(s float64) Speed {
	p.mu.Lock()
	p.speed = math.Max(-1, math.Min(2, s))
	p.mu.Unlock()
	return p.Speed()
}

// Speed returns the speed.
func (p *Player) Speed() Speed {
	p.mu.Lock()
	defer p.mu.Unlock()
	perSecond := math.Pow(10, p.speed)
	return Speed{Log: p.speed, Every: time.Duration(float64(time.Second) / perSecond).Truncate(time.Millisecond),
		PerSecond: strconv.FormatFloat(perSecond, 'g', 2, 64), Fast: p.speed > 1}
}

// SetPauseOn sets the point of interest to pause on: "", "state",
// "stanza", "error" or "end" (view.Model.PauseReason).
func (p *Player) SetPauseOn(what string) {
	p.mu.Lock()
	p.pauseOn = what
	p.mu.Unlock()
}

// Toggle starts or stops playing, and returns the number of the playback
// now current and whether it plays.
func (p *Player) Toggle() (run int64, playing bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.run++
	p.playing = !p.playing
	return p.run, p.playing
}

// Current returns the number of the current playback, and whether it
// plays.
func (p *Player) Current() (run int64, playing bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.run, p.playing
}

// Tick takes one step of playback run on b (worker only); a playback
// that has ended does nothing. When it reaches a point to pause on, it
// ends the playback (the next one, run+1, is stopped) and says why.
func (p *Player) Tick(b *Board, run int64) (paused bool, why string, err error) {
	p.mu.Lock()
	on, current := p.pauseOn, p.run == run && p.playing
	p.mu.Unlock()
	if !current {
		return false, "", nil
	}
	stop, why, err := b.Tick(on)
	if !stop {
		return false, "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.run != run { // the user toggled meanwhile
		return false, "", err
	}
	p.run, p.playing = run+1, false
	return true, why, err
}
