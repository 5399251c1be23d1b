package control

import (
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/view"
)

func engineWindow() view.Window { return view.Window{Lo: 0, Hi: 100} }

func lessonRun(name string) (*view.Lesson, engine.Scenario, error) { return view.BuiltIn(name) }
