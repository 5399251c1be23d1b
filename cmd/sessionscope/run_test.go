package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// prosody is where Prosody's own c2s scripts are kept, with their licence.
const prosody = "../../sim/scansion/testdata/prosody/"

func TestRunCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"prosody scripts pass", []string{"run", prosody + "basic.scs", prosody + "basic_message.scs"}, 0,
			[]string{"=== ../../sim/scansion/testdata/prosody/basic.scs: Basic login and initial presence", "step 2 (line 11): Romeo sends:", "Romeo received:\n    <presence xml:lang=\"en\" from=\"user@localhost/", "PASS ../../sim/scansion/testdata/prosody/basic.scs (4 steps)", "discarded for Juliet (delivered in the same read, never matched):", "2 passed, 0 failed"}, ""},
		{"all six of Prosody's scripts", []string{"run", prosody + "basic.scs", prosody + "basic_message.scs", prosody + "basic_roster.scs",
			prosody + "issue1121.scs", prosody + "keep_full_sub_req.scs", prosody + "presence_preapproval.scs"}, 0,
			[]string{"PASS " + prosody + "presence_preapproval.scs", "6 passed, 0 failed"}, ""},
		{"a failure exits 1 with a report", []string{"run", prosody + "basic.scs", "testdata/run/fails.scs"}, 1,
			[]string{"PASS ../../sim/scansion/testdata/prosody/basic.scs", "FAIL testdata/run/fails.scs", "testdata/run/fails.scs:16: step 3, Romeo receives:", "# The server reflects the presence, but not with this status.", "/presence/status: expected text", "expected:\n      <presence>\n        <status>away</status>", "received instead:", "1 passed, 1 failed"}, ""},
		{"one lesson", []string{"run", "-lesson", "resource_conflict"}, 0, []string{"PASS 03_resource_conflict.scs", "Replaced by new connection"}, ""},
		{"every lesson", []string{"run", "-lessons"}, 0, []string{"13 passed, 0 failed"}, ""},
		{"fields after each step", []string{"run", "-fields", prosody + "basic.scs"}, 0, []string{"[bound] conn=", "full_jid=user@localhost/", "interested="}, ""},
		{"strict FIFO", []string{"run", "-fifo", prosody + "basic_message.scs"}, 1, []string{"FAIL ../../sim/scansion/testdata/prosody/basic_message.scs", "Are you hiding?"}, ""},
		{"a script that does not parse fails", []string{"run", "testdata/run/bad.scs", prosody + "basic.scs"}, 1,
			[]string{"FAIL testdata/run/bad.scs\n  testdata/run/bad.scs:8: unknown action \"dances\"", "PASS ../../sim/scansion/testdata/prosody/basic.scs", "1 passed, 1 failed"}, ""},
		{"unknown lesson", []string{"run", "-lesson", "nope"}, 2, nil, `no lesson named "nope"`},
		{"no script", []string{"run"}, 2, nil, "no script given"},
		{"missing file", []string{"run", "testdata/run/none.scs"}, 2, nil, "no such file"},
		{"bad flag", []string{"run", "-nope"}, 2, nil, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out.String(), errb.String())
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, out.String())
				}
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.stderr)
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"run", "-json", "-fields", prosody + "basic.scs", "testdata/run/fails.scs"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var steps, results []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		if _, ok := m["result"]; ok {
			results = append(results, m)
		} else {
			steps = append(steps, m)
		}
	}
	if len(results) != 2 || results[0]["result"] != "PASS" || results[1]["result"] != "FAIL" {
		t.Fatalf("results %v", results)
	}
	if len(steps) != 7 {
		t.Fatalf("%d step lines, want 4 + 3", len(steps))
	}
	recv := steps[2]
	if recv["action"] != "Romeo receives:" || recv["pass"] != true || recv["sessions"] == nil {
		t.Errorf("step 3 of basic.scs: %v", recv)
	}
	if got := recv["received"].([]any)[0].(string); !strings.HasPrefix(got, "<presence xml:lang='en' from='user@localhost/") {
		t.Errorf("received %q", got)
	}
	last := steps[6]
	f, ok := last["failure"].(map[string]any)
	if !ok || f["line"] != float64(16) || f["path"] != "/presence/status" {
		t.Errorf("failure %v", last["failure"])
	}
}
