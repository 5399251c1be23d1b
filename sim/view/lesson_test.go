package view_test

import (
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/scenario"
	"github.com/sessionscope/sessionscope/sim/view"
)

func TestOpen(t *testing.T) {
	login, err := scenario.FindLesson("01_login_bind.scs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, src string
		lesson          bool
		inputs          int
		wantErr         string
	}{
		{name: "a recorded run", file: "run.json", src: ` {"config":{"seed":3,"server":{"hosts":["localhost"]}},"inputs":[{"op":"account","user":"a","password":"p"}],"position":1}`, inputs: 1},
		{name: "a script", file: "login.scs", src: string(login.Source), lesson: true, inputs: 30},
		{name: "damaged JSON", file: "run.json", src: `{"config":`, wantErr: "run.json is not a recorded run"},
		{name: "not a script", file: "x.scs", src: "[Client] Romeo\n\tjid: romeo@localhost\n\nRomeo dances\n", wantErr: "x.scs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls, s, err := view.Open(tc.file, []byte(tc.src))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || (ls != nil) != tc.lesson || len(s.Inputs) != tc.inputs {
				t.Fatalf("lesson %v, %d inputs, %v; want lesson %v, %d inputs", ls != nil, len(s.Inputs), err, tc.lesson, tc.inputs)
			}
		})
	}
}
