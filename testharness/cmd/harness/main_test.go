package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"osaddon/internal/testbin"
	"osaddon/testharness/lab"
)

// moduleBin and harnessBin are the real pmosaddon and harness, built
// without the race detector (see internal/testbin).
var moduleBin, harnessBin string

func TestMain(m *testing.M) {
	bins := testbin.MustBuild(testbin.Module, testbin.Harness)
	moduleBin, harnessBin = bins[testbin.Module], bins[testbin.Harness]
	dir, err := os.MkdirTemp("", "osaddon-harness-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func harness(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestExampleScenariosPass runs every example through `harness run`.
func TestExampleScenariosPass(t *testing.T) {
	files, err := filepath.Glob("../../../examples/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			t.Parallel()
			code, out, errs := harness(t, "run", "--module", moduleBin, f)
			if code != exitPass {
				t.Fatalf("harness run %s: exit %d\n%s\n%s", f, code, out, errs)
			}
			if !strings.Contains(out, "PASS: every expectation holds.") {
				t.Fatalf("no verdict in the output:\n%s", out)
			}
		})
	}
}

func TestDemoRunsTheFlagship(t *testing.T) {
	code, out, errs := harness(t, "demo", "--module", moduleBin)
	if code != exitPass {
		t.Fatalf("harness demo: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Scenario flagship", "21.29 EUR", "20.32 EUR", "insufficient_funds", "PASS"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
}

func TestFailedExpectationExitsOneWithADiff(t *testing.T) {
	data, err := os.ReadFile("../../../examples/scenarios/flagship.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), `client-a: "78.71"`, `client-a: "78.70"`, 1)
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := harness(t, "run", "--module", moduleBin, path)
	if code != exitFail {
		t.Fatalf("exit %d, want %d", code, exitFail)
	}
	if !strings.Contains(out, "account client-a: balance is 78.71, want 78.70") {
		t.Fatalf("no readable diff:\n%s", out)
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\ncolour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"run"},
		{"run", "--module", moduleBin, bad},
		{"run", "--mode", "carrier-pigeon", "../../../examples/scenarios/flagship.yaml"},
		{"demo", "extra.yaml"},
	} {
		code, _, errs := harness(t, args...)
		if code != exitBadInput {
			t.Errorf("harness %q: exit %d, want %d (%s)", args, code, exitBadInput, errs)
		}
	}
	_, _, errs := harness(t, "run", "--module", moduleBin, bad)
	if !strings.Contains(errs, "bad.yaml:2: field colour not found") {
		t.Errorf("error does not give the line: %s", errs)
	}
}

func TestJSONReport(t *testing.T) {
	code, out, errs := harness(t, "demo", "--json", "--module", moduleBin)
	if code != exitPass {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r lab.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(r.Ledger) != 2 || r.Ledger[0].Amount != "21.29" || len(r.Failures) != 0 {
		t.Fatalf("report = %+v", r)
	}
	syncs := 0
	for _, s := range r.Steps {
		if s.Kind == "sync" {
			syncs++
		}
	}
	if syncs != 72 { // 12 days × 6 ticks a day
		t.Errorf("%d sync steps, want 72", syncs)
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"run", "--help"}, {"run", "-h"}, {"demo", "-h"}} {
		code, out, errs := harness(t, args...)
		if code != exitPass {
			t.Errorf("harness %q: exit %d, want 0 (%s)", args, code, errs)
		}
		wants := []string{"Usage:", "-json", "-mode", "-module", "-db", "-hold-at", "Examples:", "harness demo", "Exit codes:"}
		if args[0] != "demo" {
			wants = append(wants, "harness run [flags] FILE.yaml")
		}
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Errorf("harness %q lacks %q:\n%s", args, want, out)
			}
		}
	}
}

// brokenModule is an executable that exits at once, as a module binary
// that cannot start.
func brokenModule(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "broken-module")
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho 'cannot start' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunThatCannotFinishFails: a run whose module never starts prints
// FAIL with the reason and no PASS and no empty sections, and its JSON
// report carries the error; both exit 1.
func TestRunThatCannotFinishFails(t *testing.T) {
	module := brokenModule(t)
	for _, mode := range []string{"go-plugin", "stdio"} {
		code, out, _ := harness(t, "run", "--mode", mode, "--module", module, "../../../examples/scenarios/flagship.yaml")
		if code != exitFail {
			t.Errorf("%s: exit %d, want %d", mode, code, exitFail)
		}
		if !strings.Contains(out, "FAIL: the run could not finish: ") {
			t.Errorf("%s: no FAIL with the reason:\n%s", mode, out)
		}
		for _, unwanted := range []string{"PASS", "Balances", "Ledger", "Notifications", "Timeline"} {
			if strings.Contains(out, unwanted) {
				t.Errorf("%s: the report shows %q:\n%s", mode, unwanted, out)
			}
		}
		code, out, _ = harness(t, "run", "--json", "--mode", mode, "--module", module, "../../../examples/scenarios/flagship.yaml")
		var r struct {
			Error    *string  `json:"error"`
			Failures []string `json:"failures"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", mode, err, out)
		}
		if code != exitFail || r.Error == nil || *r.Error == "" || r.Failures == nil {
			t.Errorf("%s: exit %d, JSON report %s", mode, code, out)
		}
	}
}

// TestTerminatedRunCleansUp sends SIGTERM to a harness in mid-sync: it
// stops its module, removes its temporary files and reports FAIL.
func TestTerminatedRunCleansUp(t *testing.T) {
	f := fixture(t, crashServices)
	for _, mode := range launchModes {
		t.Run(mode, func(t *testing.T) {
			r := startHarness(t, mode, copyDB(t, f.seeded), f.path, "services:1")
			held := r.waitHold(t)
			if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			r.release()
			r.checkLostModule(t)
			if alive(held.modulePid) {
				t.Errorf("the module (pid %d) outlived the terminated harness", held.modulePid)
			}
		})
	}
}
