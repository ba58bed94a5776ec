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
	example := findBlock(t, "HARNESS.md", "scenario example (a yaml block with expect:)", func(b block) bool {
		return b.lang() == "yaml" && strings.Contains(b.text, "\nexpect:")
	}).text
	path := filepath.Join(t.TempDir(), "example.yaml")
	if err := os.WriteFile(path, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errb, code := runHarness(t, "run", path)
	if code != 0 || !strings.Contains(out, "PASS") {
		t.Fatalf("the HARNESS.md example: exit %d, want 0 and PASS\n%s\n%s", code, out, errb)
	}
}

// TestReadmeDemoOutput runs `harness demo` as `make demo` does, through the
// real binaries, and requires the report the README shows, line for line.
func TestReadmeDemoOutput(t *testing.T) {
	shown := findBlock(t, "../README.md", "demo output (a plain block starting with \"Scenario flagship\")", func(b block) bool {
		return b.lang() == "" && strings.HasPrefix(b.text, "Scenario flagship")
	}).text
	out, errb, code := runHarness(t, "demo")
	if code != 0 {
		t.Fatalf("harness demo: exit %d\n%s", code, errb)
	}
	if got, want := strings.TrimSpace(out), strings.TrimSpace(shown); got != want {
		t.Fatalf("the README's demo output differs from the demo's; paste the demo's into the README.\ndemo:\n%s\nREADME:\n%s", got, want)
	}
}

// runHarness runs the real harness binary with args and the real module,
// and returns what it printed and its exit code.
func runHarness(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	bins, err := testbin.Build(testbin.Module, testbin.Harness)
	if err != nil {
		t.Fatal(err)
	}
	args = append(args[:1:1], append([]string{"--module", bins[testbin.Module]}, args[1:]...)...)
	var out, errb bytes.Buffer
	cmd := exec.Command(bins[testbin.Harness], args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}
