package control

import (
	"fmt"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// BenchmarkBack goes back one input at the end of the page's benchmark
// run: a crowd logged in with insecure authentication, 50 roster gets
// and 100 steps, with the view model observing as on the page. "seed"
// replays the run from the seed; "spare" takes the spare engine the page
// prepares while idle (engine.Timeline.PrepareSpare), prepared again,
// untimed, before each move back.
func BenchmarkBack(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, spare := range []bool{false, true} {
			name := fmt.Sprintf("%d/seed", n)
			if spare {
				name = fmt.Sprintf("%d/spare", n)
			}
			b.Run(name, func(b *testing.B) { benchBack(b, n, spare) })
		}
	}
}

func benchBack(b *testing.B, n int, spare bool) {
	cfg := engine.DefaultConfig()
	cfg.Server.Authentication = "insecure"
	bd, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := bd.TL.Crowd(n); err != nil {
		b.Fatal(err)
	}
	for _, c := range bd.TL.Engine().Clients()[:50] {
		if err := bd.TL.Apply(engine.Input{Op: engine.OpAct, Name: c.Name, Action: client.ActRosterGet}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := bd.TL.Forward(100); err != nil {
		b.Fatal(err)
	}
	_, total := bd.TL.Position()
	b.ReportMetric(float64(total), "inputs")
	prepare := func() {
		if _, err := bd.TL.PrepareSpare(total); err != nil {
			b.Fatal(err)
		}
		if at, ok := bd.TL.Spare(); !ok || at != total-1 {
			b.Fatalf("spare at %d (%v), want %d", at, ok, total-1)
		}
	}
	if spare {
		prepare()
	}
	b.ResetTimer()
	for b.Loop() {
		if err := bd.TL.Seek(total - 1); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := bd.TL.Seek(total); err != nil {
			b.Fatal(err)
		}
		if spare {
			prepare()
		}
		b.StartTimer()
	}
}
