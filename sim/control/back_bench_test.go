package control

import (
	"fmt"
	"testing"

	"github.com/sessionscope/sessionscope/sim/client"
	"github.com/sessionscope/sessionscope/sim/engine"
)

// BenchmarkBack goes back one input at the end of the page's benchmark
// run: a crowd logged in with insecure authentication, 50 roster gets
// and 100 steps, with the view model observing as on the page.
func BenchmarkBack(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
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
			b.ResetTimer()
			for b.Loop() {
				if err := bd.TL.Seek(total - 1); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if err := bd.TL.Seek(total); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}
