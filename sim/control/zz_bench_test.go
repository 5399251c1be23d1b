package control

import (
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

func BenchmarkZZBack(b *testing.B) {
	for _, n := range []int{1000} {
		cfg := engine.DefaultConfig()
		cfg.Server.Authentication = "insecure"
		bd, _ := New(cfg)
		if err := bd.TL.Crowd(n); err != nil {
			b.Fatal(err)
		}
		_, total := bd.TL.Position()
		b.Logf("%d inputs", total)
		b.ResetTimer()
		for b.Loop() {
			_ = bd.TL.Seek(total - 1)
			_ = bd.Frame(view.Window{Hi: 100})
			_ = bd.TL.Seek(total)
		}
	}
}
