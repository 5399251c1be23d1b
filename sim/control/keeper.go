package control

import (
	"strconv"
	"strings"
	"time"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/runstore"
)

// Keeper keeps a page's run in a runstore.Store, so that nothing a user
// saved is lost: it restores the run the page opens with (a share link's,
// else the saved one), sets aside a saved run it must not overwrite, saves
// the run as it moves, and saves, lists and loads runs by name.
//
// The store's calls may block (IndexedDB answers through callbacks), so
// they run on the goroutine that calls Start, Loop, SaveNamed or LoadNamed,
// never on the page's worker, which owns the board: the Keeper reaches the
// board only through Sync. Moved is the exception: the worker calls it.
type Keeper struct {
	Board *Board
	// Sync runs f on the worker, reporting its error there as the page
	// reports any work's, and returns once it has run.
	Sync func(f func() error)
	// Ready marks the page ready, once the run it opens with is restored.
	Ready func()
	// Say shows a message in the status line, Warn in the banner ("" hides
	// it).
	Say, Warn func(string)
	// Offer offers a run that did not replay as a file to download.
	Offer func(File)
	// Saved reports the position saved, "step/total", after each save.
	Saved func(position string)
	// Listed shows the runs saved by name: their titles and files.
	Listed func(titles, files []string)
	// Pause lets a single-threaded host breathe while a long run is
	// written; Sleep paces the autosave (time.Sleep by default).
	Pause func()
	Sleep func(time.Duration)

	store *runstore.Store // nil while storage is not open, or not to be written
	dirty chan struct{}
	last  struct{ step, total, gen int } // what was last handed to be saved (worker only)
}

// NewKeeper returns a keeper of b's run; its callbacks are set by the
// page, and Sync must be set before Start.
func NewKeeper(b *Board) *Keeper {
	return &Keeper{Board: b, dirty: make(chan struct{}, 1),
		Ready: func() {}, Say: func(string) {}, Warn: func(string) {}, Offer: func(File) {}, Saved: func(string) {},
		Listed: func(_, _ []string) {}, Pause: func() {}, Sleep: time.Sleep}
}

// Open takes the store once storage is open, and fills the timeline's
// cache of derived keys from it; a damaged cache only costs time, so its
// error is returned for the console only.
func (k *Keeper) Open(st *runstore.Store) error {
	k.store = st
	return st.LoadCache(k.Board.TL.Cache())
}

// NoStorage reports that the browser's storage could not be opened: the
// run works but is not kept.
func (k *Keeper) NoStorage(err error) {
	k.Warn("This browser's storage is not available (" + err.Error() + "). The run works but will not survive a reload; use Share link to keep it.")
}

// Start restores the run the page opens with, the location hash's or the
// store's, on the worker; early says the page was made ready before
// storage opened, with an empty run the user may have begun since. A
// saved run that must not be overwritten is saved under a name first.
// Then the runs saved by name are listed, and the autosave is woken if
// the run moved while storage was opening.
func (k *Keeper) Start(hash string, early bool) {
	s, from, err := runstore.Restore(k.store, k.Board.Packer, hash)
	if err != nil {
		k.Warn(strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + ".")
	}
	var keep *engine.Scenario
	var name string
	k.Sync(func() error {
		keep, name = k.Board.Adopt(s, from, early)
		if !early || (s != nil && name != Recovered) { // when early, what came since is unsaved
			k.Mark()
		}
		return nil
	})
	if !early {
		k.Ready()
	}
	if keep != nil {
		k.setAside(*keep, name)
	}
	k.list()
	k.Sync(func() error { k.Moved(); return nil })
}

// setAside saves a run found in storage under name before the autosave
// may overwrite it. If that fails nothing more is written, so the earlier
// run stays where it is. A run that did not replay is also offered as a
// file.
func (k *Keeper) setAside(run engine.Scenario, name string) {
	if name == SetAside {
		if f, err := RunFile(run); err == nil {
			k.Offer(f)
		}
	}
	if err := k.store.SaveNamed(name, run, k.Pause); err != nil {
		k.store = nil
		k.Warn("A run saved earlier could not be set aside (" + err.Error() + "), so this run will not be saved and the earlier one is kept.")
		return
	}
	if name == Recovered {
		k.Say("A run saved earlier in this browser is kept as “" + name + "” in the lessons menu.")
	}
}

// Mark notes the current position as saved (worker only).
func (k *Keeper) Mark() {
	step, total := k.Board.TL.Position()
	k.last.step, k.last.total, k.last.gen = step, total, k.Board.Model.Gen()
}

// Moved wakes the autosave when the run moved since it was last saved
// (worker only: the page calls it after each piece of work).
func (k *Keeper) Moved() {
	step, total := k.Board.TL.Position()
	if k.store == nil || (step == k.last.step && total == k.last.total) {
		return
	}
	select {
	case k.dirty <- struct{}{}:
	default:
	}
}

// Loop is the autosave: it saves the run whenever Moved finds it moved,
// paced by runstore.Saver. It returns at once without a store.
func (k *Keeper) Loop() {
	if k.store == nil {
		return
	}
	sv := runstore.Saver{Store: k.store, Cache: k.Board.TL.Cache(), Now: time.Now, Sleep: k.Sleep, Pause: k.Pause,
		Take: func() (s engine.Scenario) {
			k.Sync(func() error { k.Mark(); s = k.Board.TL.Scenario(); return nil })
			return s
		},
		Saved: k.saved}
	sv.Loop(k.dirty)
}

// saved reports one save of the autosave.
func (k *Keeper) saved(s engine.Scenario, err error, recovered bool) {
	switch {
	case err != nil:
		k.Warn("Saving the run in this browser failed: " + err.Error() + ". What was saved before is kept; use Share link to keep this run.")
		return
	case recovered:
		k.Warn("")
	}
	k.Saved(strconv.Itoa(s.Position) + "/" + strconv.Itoa(len(s.Inputs)))
}

// SaveNamed saves s under name and lists the runs again.
func (k *Keeper) SaveNamed(name string, s engine.Scenario) {
	if k.store == nil {
		k.Warn("This browser's storage is not available: the run was not saved.")
	} else if err := k.store.SaveNamed(name, s, k.Pause); err != nil {
		k.Warn("Saving “" + name + "” failed: " + err.Error() + ". Nothing saved before was changed.")
	} else {
		k.Say("Saved “" + name + "” in this browser.")
		k.list()
	}
}

// LoadNamed reads the run saved as file and makes it the run.
func (k *Keeper) LoadNamed(file string) {
	if k.store == nil {
		return
	}
	s, err := k.store.LoadNamed(file)
	if err != nil {
		k.Warn("Could not read the saved run: " + err.Error())
		return
	}
	k.Sync(func() error { return k.Board.OpenRun(runstore.Title(file), s) })
}

// list shows the runs saved by name, when there are any.
func (k *Keeper) list() {
	if k.store == nil {
		return
	}
	files, err := k.store.Named()
	if err != nil || len(files) == 0 {
		return
	}
	titles := make([]string, len(files))
	for i, f := range files {
		titles[i] = runstore.Title(f)
	}
	k.Listed(titles, files)
}
