package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionscope/sessionscope/sim/engine"
)

// goodRun is a run saved by a timeline as the page saves it: two clients
// log in, a message is dropped in flight, bob's connection drops and his
// session is dismissed, his account disabled; it was saved three inputs
// before its end (removing alice, a step, a clock advance).
const goodRun = "testdata/replay/good.json"

// damage writes goodRun to a temporary file with old replaced by new.
func damage(t *testing.T, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(goodRun)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s lacks %s", goodRun, old)
	}
	return writeTemp(t, strings.Replace(string(b), old, new, 1))
}

func writeTemp(t *testing.T, text string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestReplayCommand(t *testing.T) {
	link, err := os.ReadFile("testdata/replay/link.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    func(t *testing.T) []string
		code    int
		stdout  []string
		without []string // not in stdout
		stderr  string
	}{
		{"good run up to its position", func(*testing.T) []string { return []string{"replay", goodRun} }, 0,
			[]string{"input  account alice@localhost\ninput alice client alice\ninput alice connect\nstep 1\n  conn1 alice C->S [open]\n", "input  drop 23\n", "destroyed (closed)", "input  dismiss\n"},
			[]string{"remove client", "advance"}, "replayed 44 of 47 recorded inputs"},
		{"every input", func(*testing.T) []string { return []string{"replay", "-all", goodRun} }, 0,
			[]string{"input alice remove client alice\n", "input  advance 5m0s\n"}, nil, ""},
		{"fields after each step", func(*testing.T) []string { return []string{"replay", "-fields", goodRun} }, 0,
			[]string{"step 1\n  conn1 alice C->S [open]\n", "  session c2s554f43c377da [connected] conn=conn1", "[bound]", "full_jid=alice@localhost/laptop"}, nil, ""},
		{"a file holding a share link", func(*testing.T) []string { return []string{"replay", "testdata/replay/link.txt"} }, 0,
			[]string{"input  drop 23\n"}, nil, "replayed 44 of 47"},
		{"a share link", func(*testing.T) []string { return []string{"replay", strings.TrimSpace(string(link))} }, 0,
			[]string{"input  drop 23\n"}, nil, ""},
		{"a share link's fragment", func(*testing.T) []string {
			_, frag, _ := strings.Cut(strings.TrimSpace(string(link)), "#")
			return []string{"replay", "#" + frag}
		}, 0, []string{"input  drop 23\n"}, nil, ""},
		{"a missing client", func(t *testing.T) []string {
			return []string{"replay", damage(t, `{"op":"act","name":"bob","action":"connect"}`, `{"op":"act","name":"carol","action":"connect"}`)}
		}, 1, []string{"input  account bob@localhost\n"}, []string{"step 12"}, `engine: input 21 (carol connect): no client named "carol"`},
		{"a drop of a delivery not pending", func(t *testing.T) []string {
			return []string{"replay", damage(t, `{"op":"drop","id":"23"}`, `{"op":"drop","id":"99"}`)}
		}, 1, []string{"input alice message\n"}, []string{"input  drop"}, "engine: input 38 (drop delivery 99): no pending delivery 99"},
		{"a step with nothing pending", func(t *testing.T) []string {
			return []string{"replay", "-all", damage(t, `{"op":"act","name":"alice","action":"open"}`, `{"op":"step"}`)}
		}, 1, nil, nil, "engine: input 5 (step): nothing is pending"},
		{"an unknown input", func(t *testing.T) []string {
			return []string{"replay", damage(t, `{"op":"dismiss"`, `{"op":"dismis"`)}
		}, 1, nil, nil, `engine: input 43 (dismis): unknown input "dismis"`},
		{"bad JSON", func(t *testing.T) []string {
			return []string{"replay", writeTemp(t, "{\"config\":\n  {\"seed\": 1,}}")}
		}, 2,
			nil, nil, `run.json:2:14: invalid JSON at byte 25: invalid character '}' looking for beginning of object key string`},
		{"not a run", func(t *testing.T) []string { return []string{"replay", writeTemp(t, `{"inputs": 5}`)} }, 2,
			nil, nil, "run.json:1:12: not a run: json: cannot unmarshal number into Go struct field"},
		{"an op that is not a string", func(t *testing.T) []string { return []string{"replay", damage(t, `"op":"step"`, `"op":3`)} }, 2,
			nil, nil, "not a run: json: cannot unmarshal number into Go struct field"},
		{"no configuration", func(t *testing.T) []string { return []string{"replay", writeTemp(t, `{}`)} }, 2,
			nil, nil, "invalid configuration: server: no hosts configured"},
		{"position beyond the inputs", func(t *testing.T) []string { return []string{"replay", damage(t, `"position":44`, `"position":48`)} }, 2,
			nil, nil, "position 48 is outside the run's 47 inputs"},
		{"a damaged link", func(*testing.T) []string { return []string{"replay", "#run=!!"} }, 2, nil, nil, "engine: shared link: illegal base64"},
		{"a link without a run", func(*testing.T) []string { return []string{"replay", "http://127.0.0.1:8080/"} }, 2, nil, nil, "the link has no #run= fragment"},
		{"missing file", func(*testing.T) []string { return []string{"replay", "testdata/replay/none.json"} }, 2, nil, nil, "no such file"},
		{"no run", func(*testing.T) []string { return []string{"replay"} }, 2, nil, nil, "name one run"},
		{"two runs", func(*testing.T) []string { return []string{"replay", goodRun, goodRun} }, 2, nil, nil, "name one run"},
		{"bad flag", func(*testing.T) []string { return []string{"replay", "-nope", goodRun} }, 2, nil, nil, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args(t), &out, &errb); code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out.String(), errb.String())
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, out.String())
				}
			}
			for _, not := range tc.without {
				if strings.Contains(out.String(), not) {
					t.Errorf("stdout has %q:\n%s", not, out.String())
				}
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.stderr)
			}
		})
	}
}

// TestReplayPrintsTheEngineTranscript checks that the text output is
// engine.Transcript's, so that other tools can compare runs.
func TestReplayPrintsTheEngineTranscript(t *testing.T) {
	b, err := os.ReadFile(goodRun)
	if err != nil {
		t.Fatal(err)
	}
	var s engine.Scenario
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	for _, all := range []bool{false, true} {
		inputs := s.Inputs[:s.Position]
		args := []string{"replay", goodRun}
		if all {
			inputs, args = s.Inputs, []string{"replay", "-all", goodRun}
		}
		var want engine.Transcript
		if _, err := engine.Replay(s.Config, inputs, want.Observe); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if out.String() != want.String() {
			t.Errorf("%v: stdout differs from the transcript:\n--- stdout\n%s\n--- transcript\n%s", args, out.String(), want.String())
		}
	}
}

func TestReplayJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"replay", "-json", "-fields", goodRun}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var kinds []string
	withSessions := 0
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		kind, _ := m["kind"].(string)
		kinds = append(kinds, kind)
		if _, ok := m["sessions"]; ok {
			withSessions++
			if kind != string(engine.StepEnd) {
				t.Errorf("sessions on a %s line", kind)
			}
		}
		if kind == string(engine.Wire) && m["raw"] == nil && m["what"] == "data" {
			t.Errorf("a data line without its bytes: %s", line)
		}
	}
	if len(kinds) < 3 || kinds[0] != "input" || kinds[3] != "step-begin" {
		t.Errorf("kinds start %q, want input, input, input, step-begin", kinds[:min(4, len(kinds))])
	}
	if withSessions != 24 {
		t.Errorf("%d step-end lines with sessions, want one for each of the 24 steps", withSessions)
	}
}
