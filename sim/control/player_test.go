package control

import (
	"testing"
	"time"
)

func TestPlayerSpeed(t *testing.T) {
	p := NewPlayer()
	for _, tc := range []struct {
		name string
		set  float64
		want Speed
	}{
		{"default", 0.5, Speed{Log: 0.5, Every: 316 * time.Millisecond, PerSecond: "3.2"}},
		{"one a second", 0, Speed{Log: 0, Every: time.Second, PerSecond: "1"}},
		{"slowest", -3, Speed{Log: -1, Every: 10 * time.Second, PerSecond: "0.1"}},
		{"fast: the stage stands still", 1.25, Speed{Log: 1.25, Every: 56 * time.Millisecond, PerSecond: "18", Fast: true}},
		{"fastest", 7, Speed{Log: 2, Every: 10 * time.Millisecond, PerSecond: "1e+02", Fast: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.SetSpeed(tc.set); got != tc.want {
				t.Errorf("SetSpeed(%v) = %+v, want %+v", tc.set, got, tc.want)
			}
		})
	}
}

// TestPlayerPauses plays a run to its end: each tick is a step, the
// last pauses with why and ends the playback; a tick of an ended
// playback does nothing.
func TestPlayerPauses(t *testing.T) {
	b, _ := newBoard(t)
	if err := b.AddClient("alice", "pw", "home", false); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Call("act", Args{"alice", "connect"}); err != nil {
		t.Fatal(err)
	}
	p := NewPlayer()
	p.SetPauseOn("state")
	run, playing := p.Toggle()
	if !playing {
		t.Fatal("Toggle did not start playing")
	}
	paused, why, err := p.Tick(b, run)
	if err != nil || !paused || why != "Paused: alice's session c2sf28c6ef4e0d6 is now connected." {
		t.Fatalf("Tick = %v, %q, %v", paused, why, err)
	}
	if cur, playing := p.Current(); cur != run+1 || playing {
		t.Errorf("after the pause, playback %d plays %v; want %d stopped", cur, playing, run+1)
	}
	step, _ := b.TL.Position()
	if paused, _, _ := p.Tick(b, run); paused {
		t.Error("a tick of an ended playback paused")
	}
	if now, _ := b.TL.Position(); now != step {
		t.Errorf("a tick of an ended playback stepped from %d to %d", step, now)
	}
}
