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
	"github.com/sessionscope/sessionscope/sim/runstore"
)

// newKeeper keeps the run in the browser's IndexedDB (control.Keeper).
// Every IndexedDB call blocks until a JavaScript callback fires, so all
// of them run on goroutines of their own, never on the event loop or the
// worker.
func newKeeper(a *app) *control.Keeper {
	k := control.NewKeeper(a.b)
	k.Sync = func(f func() error) {
		done := make(chan struct{})
		a.do(f, func(error) { close(done) })
		<-done
	}
	k.Ready, k.Say, k.Warn, k.Pause = a.markReady, a.flash, a.showBanner, (&control.Pacer{Yield: yieldToBrowser}).Breathe
	k.Offer = offer
	k.Saved = func(pos string) {
		setHint()
		// A marker for tests and the curious: what the browser now holds.
		a.status.SetAttribute("data-saved", pos)
	}
	k.Listed = listNamed
	return k
}

// savedHint is the localStorage key set once a run has been saved. Without
// it, and without a shared link, there is nothing to restore, so the page
// is ready before IndexedDB opens (a few hundred milliseconds sooner). It
// is only a hint: the run itself is in IndexedDB.
const savedHint = "sessionscope.saved"

// startKeeping restores a shared link or the saved run, then marks the
// page ready and saves the run as it moves. It returns at once.
func (a *app) startKeeping() {
	hash := jsGlobal.Get("location").Get("hash").String()
	early := !strings.HasPrefix(hash, "#run=") && !hinted()
	if early {
		a.do(func() error { a.keeper.Mark(); return nil }, func(error) { a.markReady() })
	}
	go func() {
		mark("idb-open-start")
		if !early {
			// Restoring will replay a run: compile its code on the worker
			// while this goroutine waits for IndexedDB to open.
			a.do(func() error { control.WarmUp(); mark("warm"); return nil }, nil)
		}
		a.openStorage()
		mark("idb-open-done")
		a.keeper.Start(hash, early)
		mark("restored")
		a.keeper.Loop()
	}()
}

// openStorage opens IndexedDB for the keeper.
func (a *app) openStorage() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fsys, err := indexeddb.NewFS(ctx, "sessionscope", indexeddb.Options{TransactionDurability: idb.DurabilityRelaxed})
	if err != nil {
		a.keeper.NoStorage(err)
		return
	}
	if err := a.keeper.Open(runstore.New(fsys)); err != nil {
		warn("the saved cache of derived keys was not used: " + err.Error())
	}
	a.status.SetAttribute("data-cached", strconv.Itoa(a.b.TL.Cache().Len()))
}

// offer shows the banner's Download button, which saves f.
func offer(f control.File) {
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

// share puts the run in the address bar as a compressed link.
func (a *app) share() {
	a.do(func() error {
		frag, msg, err := a.b.Share()
		if err == nil {
			jsGlobal.Get("history").Call("replaceState", nil, "", frag)
			link := byID("share-link")
			prop(link, "value", jsGlobal.Get("location").Get("href").String())
			prop(link, "hidden", false)
			prop(byID("help"), "hidden", false)
			a.flash(msg)
		}
		return err
	}, nil)
}

// listNamed shows the runs saved by name in the lessons menu.
func listNamed(titles, files []string) {
	group := byID("saved-runs")
	if group == nil {
		group = set(el("optgroup", ""), "id", "saved-runs", "label", "Saved in this browser")
		byID("lesson-menu").AppendChild(group)
	}
	opts := make([]elem, len(files))
	for i, f := range files {
		opts[i] = set(txt("option", "", titles[i]), "value", "saved:"+f)
	}
	replace(group, opts...)
}
