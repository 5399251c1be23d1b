//go:build js && wasm

package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
	"github.com/hack-pad/hackpadfs/indexeddb"
	"github.com/sessionscope/sessionscope/sim/control"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
	"github.com/sessionscope/sessionscope/sim/sasl"
)

// persister keeps the run in the browser's IndexedDB through a
// runstore.Store. Every IndexedDB call blocks until a JavaScript callback
// fires, so all of them run on the persister's own goroutines, never on
// the event loop or the worker.
type persister struct {
	a     *app
	cache *sasl.Cache     // the timeline's, safe for any goroutine
	store *runstore.Store // nil while IndexedDB is not open, or not to be written
	dirty chan struct{}
	// last is what was last handed to the writer (worker only).
	last struct{ step, total, gen int }
}

func newPersister(a *app, cache *sasl.Cache) *persister {
	return &persister{a: a, cache: cache, dirty: make(chan struct{}, 1)}
}

// savedHint is the localStorage key set once a run has been saved. Without
// it, and without a shared link, there is nothing to restore, so the page
// is ready before IndexedDB opens (a few hundred milliseconds sooner). It
// is only a hint: the run itself is in IndexedDB.
const savedHint = "sessionscope.saved"

// start restores a shared link or the saved run, then marks the page
// ready. It returns at once.
func (p *persister) start() {
	hash := jsGlobal.Get("location").Get("hash").String()
	early := !strings.HasPrefix(hash, "#run=") && !hinted()
	if early {
		p.a.do(func() error { p.mark(); return nil }, func(error) { p.a.markReady() })
	}
	go func() {
		mark("idb-open-start")
		if !early {
			// Restoring will replay a run: compile its code on the worker
			// while this goroutine waits for IndexedDB to open.
			p.a.do(func() error { control.WarmUp(); mark("warm"); return nil }, nil)
		}
		p.open()
		mark("idb-open-done")
		restore, from := p.restore(hash)
		mark("restore-read")
		kept := make(chan aside, 1)
		p.a.do(func() error {
			mark("adopt-start")
			defer mark("adopt-done")
			kept <- p.adopt(restore, from, early)
			return nil
		}, func(error) {
			if !early {
				p.a.markReady()
			}
		})
		if old := <-kept; old.run != nil {
			p.keep(old)
		}
		go p.writer()
		// Work done while storage was opening found no writer: look again.
		p.a.do(func() error { p.a.persistLater(); return nil }, nil)
		p.listNamed()
	}()
}

// open opens IndexedDB and fills the timeline's cache of derived keys
// from it, before any run is restored. A damaged cache only costs time.
func (p *persister) open() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fsys, err := indexeddb.NewFS(ctx, "sessionscope", indexeddb.Options{TransactionDurability: idb.DurabilityRelaxed})
	if err != nil {
		p.a.showBanner("This browser's storage is not available (" + err.Error() + "). The run works but will not survive a reload; use Share link to keep it.")
		return
	}
	p.store = runstore.New(fsys)
	if err := p.store.LoadCache(p.cache); err != nil {
		warn("the saved cache of derived keys was not used: " + err.Error())
	}
	p.a.status.SetAttribute("data-cached", strconv.Itoa(p.cache.Len()))
}

// restore reads a shared run from the fragment, else the saved run.
func (p *persister) restore(hash string) (*engine.Scenario, string) {
	s, from, err := runstore.Restore(p.store, hash)
	if err != nil {
		p.a.showBanner(strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + ".")
	}
	return s, from
}

// aside is a run found in storage that must be kept under a name before
// the writer may overwrite it.
type aside struct {
	run  *engine.Scenario
	name string
}

// adopt makes a restored run the current one, or returns it to be kept
// (control.Board.Adopt), on the worker.
func (p *persister) adopt(restore *engine.Scenario, from string, early bool) aside {
	run, name := p.a.b.Adopt(restore, from, early)
	if !early || (restore != nil && name != control.Recovered) { // when early, start marked the empty run; what came since is unsaved
		p.mark()
	}
	return aside{run, name}
}

// keep saves a run found in storage under a name, before the writer may
// overwrite it. If that fails, nothing will be written, so the earlier
// run stays where it is. A run that did not replay is also offered for
// download.
func (p *persister) keep(old aside) {
	if old.name == control.SetAside {
		p.offer(*old.run)
	}
	var breath breather
	if err := p.store.SaveNamed(old.name, *old.run, breath.breathe); err != nil {
		p.store = nil
		p.a.showBanner("A run saved earlier could not be set aside (" + err.Error() + "), so this run will not be saved and the earlier one is kept.")
		return
	}
	if old.name == control.Recovered {
		p.a.flash("A run saved earlier in this browser is kept as “" + old.name + "” in the lessons menu.")
	}
	p.listNamed()
}

// offer shows the banner's Download button, which saves run as a file.
func (p *persister) offer(run engine.Scenario) {
	f, err := control.RunFile(run)
	if err != nil {
		return
	}
	b := byID("banner-download")
	prop(b, "hidden", false)
	on(b, "click", func(event) { download(f) })
}

// hinted reports whether localStorage says a run was saved. Storage that
// cannot be read counts as a yes: then the page waits for IndexedDB.
func hinted() (saved bool) {
	defer func() {
		if recover() != nil {
			saved = true
		}
	}()
	return !jsGlobal.Get("localStorage").Call("getItem", savedHint).IsNull()
}

// setHint records that a run is saved; failures are ignored, as the hint
// only saves time.
func setHint() {
	defer func() { _ = recover() }()
	jsGlobal.Get("localStorage").Call("setItem", savedHint, "1")
}

// warn writes to the browser's console.
func warn(msg string) { jsGlobal.Get("console").Call("warn", "sessionscope: "+msg) }

// mark notes the current position as saved (worker only).
func (p *persister) mark() {
	step, total := p.a.b.TL.Position()
	p.last.step, p.last.total, p.last.gen = step, total, p.a.b.Model.Gen()
}

// persistLater is called by publish on the worker: when the run moved, it
// wakes the writer, which asks for the scenario at most once a second.
func (a *app) persistLater() {
	p := a.store
	step, total := a.b.TL.Position()
	if p.store == nil || (step == p.last.step && total == p.last.total) {
		return
	}
	select {
	case p.dirty <- struct{}{}:
	default:
	}
}

// writer saves the run whenever publish finds it moved (runstore.Saver).
func (p *persister) writer() {
	if p.store == nil {
		return
	}
	sv := runstore.Saver{Store: p.store, Cache: p.cache, Now: time.Now, Sleep: time.Sleep, Pause: new(breather).breathe,
		Take: func() engine.Scenario {
			got := make(chan engine.Scenario, 1)
			p.a.work <- func() { p.mark(); got <- p.a.b.TL.Scenario() }
			return <-got
		},
		Saved: func(s engine.Scenario, err error, recovered bool) {
			switch {
			case err != nil:
				p.a.showBanner("Saving the run in this browser failed: " + err.Error() + ". What was saved before is kept; use Share link to keep this run.")
				return
			case recovered:
				p.a.showBanner("")
			}
			setHint()
			// A marker for tests and the curious: what the browser now holds.
			p.a.status.SetAttribute("data-saved", strconv.Itoa(s.Position)+"/"+strconv.Itoa(len(s.Inputs)))
		}}
	sv.Loop(p.dirty)
}

// share puts the run in the address bar as a compressed link.
func (a *app) share() {
	a.do(func() error {
		text, err := engine.EncodeFragment(a.b.TL.Scenario())
		if err != nil {
			return err
		}
		jsGlobal.Get("history").Call("replaceState", nil, "", "#run="+text)
		link := byID("share-link")
		prop(link, "value", jsGlobal.Get("location").Get("href").String())
		prop(link, "hidden", false)
		prop(byID("help"), "hidden", false)
		a.flash("The address bar now holds a link that replays this run to this step (" + strconv.Itoa(len(text)) + " characters).")
		return nil
	}, nil)
}

// saveNamed stores the scenario under name, on a goroutine of its own.
func (p *persister) saveNamed(name string, s engine.Scenario) {
	go func() {
		var breath breather
		if p.store == nil {
			p.a.showBanner("This browser's storage is not available: the run was not saved.")
		} else if err := p.store.SaveNamed(name, s, breath.breathe); err != nil {
			p.a.showBanner("Saving “" + name + "” failed: " + err.Error() + ". Nothing saved before was changed.")
		} else {
			p.a.flash("Saved “" + name + "” in this browser.")
			p.listNamed()
		}
	}()
}

// listNamed shows the saved runs in the lessons menu. It runs on a
// persister goroutine.
func (p *persister) listNamed() {
	if p.store == nil {
		return
	}
	files, err := p.store.Named()
	if err != nil || len(files) == 0 {
		return
	}
	group := byID("saved-runs")
	if group == nil {
		group = set(el("optgroup", ""), "id", "saved-runs", "label", "Saved in this browser")
		byID("lesson-menu").AppendChild(group)
	}
	opts := make([]elem, 0, len(files))
	for _, f := range files {
		opts = append(opts, set(txt("option", "", runstore.Title(f)), "value", "saved:"+f))
	}
	replace(group, opts...)
}

// loadNamed reads a saved run and makes it the current one.
func (p *persister) loadNamed(file string) {
	go func() {
		if p.store == nil {
			return
		}
		s, err := p.store.LoadNamed(file)
		if err != nil {
			p.a.showBanner("Could not read the saved run: " + err.Error())
			return
		}
		p.a.do(func() error { return p.a.b.OpenRun(runstore.Title(file), s) }, nil)
	}()
}
