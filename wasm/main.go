//go:build js && wasm

package main

import (
	"sync"
	"time"

	"github.com/sessionscope/sessionscope/sim/control"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
	"honnef.co/go/js/dom/v2"
)

// mark records a start-up milestone in window.__boot, for benchmarks.
func mark(name string) {
	boot := jsGlobal.Get("__boot")
	if boot.IsUndefined() {
		boot = jsGlobal.Get("Object").New()
		jsGlobal.Set("__boot", boot)
	}
	boot.Set(name, jsGlobal.Get("performance").Call("now"))
}

func main() {
	mark("main")
	a, err := newApp()
	mark("app")
	if err != nil {
		byID("status").SetTextContent("Could not start: " + err.Error())
		return
	}
	a.start()
	select {}
}

// app is the page: the board (touched only by the worker goroutine), the
// last published frame and the panels that paint it.
type app struct {
	b *control.Board // the run, its model and lesson (worker only)
	w *control.Worker

	mu      sync.Mutex
	frame   frame
	pending bool // an animation frame is requested
	deck    control.Deck
	stats   stats // the costs of the last work item and the last render

	status, banner, stopBtn elem
	timeline                *timelinePanel
	server                  *serverPanel
	clients                 *clientsPanel
	lessons                 *lessonsPanel
	sessions                *sessionsPanel
	network                 *networkPanel
	stage                   *stagePanel
	log                     *logPanel
	tokens                  *tokenPanel
	realClient              *realClientPanel
	keeper                  *control.Keeper
}

// frame is what one render paints: the board's Frame and what only the
// page knows.
type frame struct {
	control.Frame
	published bool            // false until the worker first publishes
	locate    *control.Locate // a scrollToSession call waiting for the render
}

func newApp() (*app, error) {
	b, err := control.New(engine.DefaultConfig())
	if err != nil {
		return nil, err
	}
	b.Packer = webPacker{}
	a := &app{b: b, w: control.NewWorker(b, 1024), status: byID("status"), banner: byID("banner"), stopBtn: byID("btn-stop")}
	a.w.Report, a.w.After = func(err error) { a.flash(err.Error()) }, a.afterWork
	// Work that runs for more than a second shows its progress and Stop;
	// for more than two, the page is ready, so that no link or saved run
	// can hold it at "Loading".
	a.w.Yield, a.w.Long = yieldToBrowser, func(ran time.Duration) {
		a.flash(view.WorkingText(a.b.TL.Position()))
		prop(a.stopBtn, "hidden", false)
		if ran > 2*time.Second {
			a.markReady()
		}
	}
	b.TL.SetPause(a.w.Breathe)
	b.TL.SetStop(a.w.Stopping)
	// While idle, the worker keeps a spare engine one input behind, so
	// that going back one step is immediate (control.Board.Prepare).
	a.w.Idle = a.b.Prepare
	on(a.stopBtn, "click", func(event) { a.w.Stop() })
	a.keeper = newKeeper(a)
	b.Say, b.Warn = a.flash, a.showBanner
	b.Keep = func(name string, s engine.Scenario) { go a.keeper.SaveNamed(name, s) }
	return a, nil
}

func (a *app) start() {
	go a.w.Run()
	a.do(func() error { a.b.TL.Cache().SetKDF(webKDF()); mark("kdf"); return nil }, nil)
	a.timeline, a.server, a.clients = newTimelinePanel(a), newServerPanel(a), newClientsPanel(a)
	a.lessons, a.sessions, a.network, a.log = newLessonsPanel(a), newSessionsPanel(a), newNetworkPanel(a), newLogPanel(a)
	a.stage, a.realClient = newStagePanel(a), newRealClientPanel(a)
	mark("bound")
	a.exposeAPI()
	mark("api")
	a.tokens = newTokenPanel(a)
	mark("inspector")
	if _, live := control.Live(jsGlobal.Get("location").Get("hash").String()); live {
		a.startLive()
		return
	}
	a.startKeeping() // restores the saved run or a shared link, then marks the page ready
}

// flash shows a message in the status line. It only sets text.
func (a *app) flash(msg string) { a.status.SetTextContent(msg) }

// showBanner shows a storage problem; "" hides the banner.
func (a *app) showBanner(msg string) {
	a.banner.SetTextContent(msg)
	prop(a.banner, "hidden", msg == "")
}

// yieldToBrowser blocks the calling goroutine until the next animation
// frame, or 50 ms in a hidden tab, which paints none. With every other
// goroutine idle, Go returns to the event loop meanwhile.
func yieldToBrowser() {
	painted := make(chan struct{})
	dom.GetWindow().RequestAnimationFrame(func(time.Duration) { close(painted) })
	select {
	case <-painted:
	case <-time.After(50 * time.Millisecond):
	}
}

// markReady tells the page it is ready; the worker then runs the work
// held for that (control.Worker.WhenReady).
func (a *app) markReady() {
	if !a.w.Ready() {
		return
	}
	mark("ready")
	for _, b := range []string{"btn-step", "btn-play", "btn-idle", "btn-wait", "btn-add", "btn-back", "btn-start",
		"btn-end", "btn-account", "btn-lesson", "btn-save-scs", "btn-lesson-prev", "btn-lesson-next", "btn-realclient"} {
		byID(b).RemoveAttribute("disabled")
	}
	a.flash("Ready. Add a client, then press its button to take it through its lifecycle.")
	a.status.SetAttribute("data-ready", "true")
}

// afterWork runs on the worker after each piece of work: the real client
// gets what the server wrote, and the page a new frame.
func (a *app) afterWork() {
	a.realClient.flush()
	prop(a.stopBtn, "hidden", true)
	a.publish()
	a.mu.Lock()
	a.stats.Work = ms(time.Since(a.w.Began()))
	a.stats.Items++
	a.mu.Unlock()
}

// stats are the costs, in milliseconds, of the last work item (engine
// work plus publishing the frame) and of the last render.
type stats struct {
	Work    float64 `json:"work"`
	Render  float64 `json:"render"`
	Items   int     `json:"items"`
	Renders int     `json:"renders"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// do queues op on the worker; done, if not nil, is called there with the
// op's error (control.Worker.Do).
func (a *app) do(op func() error, done func(error)) { a.w.Do(op, done) }

// act queues an input from the page's controls.
func (a *app) act(in engine.Input) { a.do(func() error { return a.b.Input(false, in) }, nil) }

// publish builds the frame for the run as it is now and asks for a render.
func (a *app) publish() {
	win, locate := a.deck.Window()
	f := frame{published: true, locate: locate, Frame: a.b.Frame(win)}
	a.mu.Lock()
	a.frame = f
	a.mu.Unlock()
	a.requestFrame()
	a.keeper.Moved()
}

// snapshot returns the frame to render and clears the frame request.
func (a *app) snapshot() frame {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending = false
	return a.frame
}

func (a *app) requestFrame() {
	a.mu.Lock()
	if a.pending {
		a.mu.Unlock()
		return
	}
	a.pending = true
	a.mu.Unlock()
	dom.GetWindow().RequestAnimationFrame(func(time.Duration) { a.render() })
}

// render paints the latest frame, each panel writing only what changed.
func (a *app) render() {
	start := time.Now()
	defer func() {
		a.mu.Lock()
		a.stats.Render = ms(time.Since(start))
		a.stats.Renders++
		a.mu.Unlock()
	}()
	f := a.snapshot()
	if !f.published {
		return // a scroll or resize before the first frame: publish asks again
	}
	// The virtual lists read the layout first, and write first: they
	// scroll, which lays out again, cheaply while the rest is untouched.
	cards, logs := a.sessions.measure(), a.log.measure()
	a.log.render(f, logs)
	a.sessions.render(f, cards)
	a.timeline.render(f)
	a.server.render(f)
	a.clients.render(f)
	a.network.render(f)
	a.stage.render(f)
	a.lessons.render(f)
	a.realClient.render(f)
}
