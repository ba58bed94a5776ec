package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"osaddon/internal/testbin"
	"osaddon/testharness/lab"
)

// moduleBin is the real pmosaddon, built once for these tests.
var moduleBin string

// roleEnv makes the test binary play the harness CLI, so tests can run
// (and kill) real harness processes.
const roleEnv = "OSADDON_HARNESS_TEST_ROLE"

func TestMain(m *testing.M) {
	if os.Getenv(roleEnv) == "harness" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	bins, cleanup := testbin.MustBuild(testbin.Module)
	moduleBin = bins[testbin.Module]
	code := m.Run()
	cleanup()
	os.Exit(code)
}

func harness(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
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
