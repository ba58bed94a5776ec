package docs_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"osaddon/internal/testbin"
)

// TestHarnessExample runs the scenario example of docs/HARNESS.md through
// the real harness and module binaries: it must pass, exit 0.
func TestHarnessExample(t *testing.T) {
	var example string
	for _, b := range readBlocks(t, "HARNESS.md") {
		if b.lang() == "yaml" && strings.Contains(b.text, "\nexpect:") {
			example = b.text
		}
	}
	if example == "" {
		t.Fatal("HARNESS.md has no scenario example (a yaml block with expect:)")
	}
	bins, err := testbin.Build(testbin.Module, testbin.Harness)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "example.yaml")
	if err := os.WriteFile(path, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	cmd := exec.Command(bins[testbin.Harness], "run", "--module", bins[testbin.Module], path)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 || !strings.Contains(out.String(), "PASS") {
		t.Fatalf("the HARNESS.md example: exit %d, want 0 and PASS\n%s\n%s", code, out.String(), errb.String())
	}
}

// TestReadmeDemoOutput runs `harness demo` as `make demo` does, through the
// real binaries, and requires the report the README shows, line for line.
func TestReadmeDemoOutput(t *testing.T) {
	var shown string
	for _, b := range readBlocks(t, "../README.md") {
		if b.lang() == "" && strings.HasPrefix(b.text, "Scenario flagship") {
			shown = b.text
		}
	}
	if shown == "" {
		t.Fatal("README.md shows no demo output (a plain block starting with \"Scenario flagship\")")
	}
	bins, err := testbin.Build(testbin.Module, testbin.Harness)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	cmd := exec.Command(bins[testbin.Harness], "demo", "--module", bins[testbin.Module])
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("harness demo: %v\n%s", err, errb.String())
	}
	if got, want := strings.TrimSpace(out.String()), strings.TrimSpace(shown); got != want {
		t.Fatalf("the README's demo output differs from the demo's; paste the demo's into the README.\ndemo:\n%s\nREADME:\n%s", got, want)
	}
}
