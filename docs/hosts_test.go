package docs_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"osaddon/internal/testbin"
)

// moduleBinary returns the real pmosaddon, built once into the shared
// test cache.
func moduleBinary(t *testing.T) string {
	t.Helper()
	bins, err := testbin.Build(testbin.Module)
	if err != nil {
		t.Fatal(err)
	}
	return bins[testbin.Module]
}

// binDir returns a directory holding pmosaddon under bin/, so a doc's
// command line runs as written from it.
func binDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(moduleBinary(t), filepath.Join(dir, "bin", "pmosaddon")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReadmeShellHost runs the README's shell example against the real
// module: one framed initialize, answered, then a clean exit.
func TestReadmeShellHost(t *testing.T) {
	script := findBlock(t, "../README.md", "shell example of the protocol", func(b block) bool {
		return b.lang() == "sh" && strings.Contains(b.text, "Content-Length")
	}).text
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = binDir(t)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("the README's shell example: %v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "Content-Length: ") || !strings.Contains(out.String(), `"protocol_version":2`) {
		t.Fatalf("the README's shell example printed %q", out.String())
	}
}

// TestProtocolPythonHost runs docs/PROTOCOL.md's Python host against the
// real module, found on PATH as the example expects. It needs python3.
func TestProtocolPythonHost(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	script := findBlock(t, "PROTOCOL.md", "Python example", func(b block) bool { return b.lang() == "python" }).text
	cmd := exec.Command(python, "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(binDir(t), "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("the Python example: %v\n%s\n%s", err, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "'protocol_version': 2") {
		t.Fatalf("the Python example printed:\n%s", out.String())
	}
}
