package main_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osaddon/internal/testbin"
	"osaddon/rpc"
)

// moduleBin is the real pmosaddon binary, built once for the package.
var moduleBin string

func TestMain(m *testing.M) {
	moduleBin = testbin.MustBuild(testbin.Module)[testbin.Module]
	os.Exit(m.Run())
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

const initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocol_version":1,"host":{"name":"t"}}}`

// writeConfig writes a module config and returns its path.
func writeConfig(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitExit waits up to d for cmd to exit and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the module still ran %s after its input ended", d)
		return -1
	}
}

// TestExitCodes: each way the module ends has its documented exit code,
// and its reason on stderr.
func TestExitCodes(t *testing.T) {
	badConfig := writeConfig(t, "limits:\n  max_message_bytes: 100\n")
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // what stdout must hold
		stderr string // what stderr must hold
	}{
		// Nothing sent: a clean end.
		{"empty input", nil, "", 0, "", ""},
		// A call, then a clean end: answered first.
		{"initialize then end", nil, frame(initialize), 0, `"protocol_version":1`, ""},
		// Not framing at all.
		{"garbage", nil, "hello, module\r\n\r\n", 3, "", `"exit_code":3`},
		// A call, then garbage: the call is still answered.
		{"call then garbage", nil, frame(initialize) + "GET / HTTP/1.1\r\n\r\n", 3, `"protocol_version":1`, "broken input stream"},
		// The input ends inside a message.
		{"cut inside a message", nil, frame(initialize)[:40], 3, "", "unexpected EOF"},
		// A stray argument is refused with the usage.
		{"stray argument", []string{"serve"}, "", 2, "", `unexpected argument "serve"`},
		// ... with the usage.
		{"stray argument shows usage", []string{"serve"}, "", 2, "", "usage: pmosaddon"},
		// A stray argument after a good flag, before any config is read.
		{"stray argument after --version", []string{"--version", "now"}, "", 2, "", `unexpected argument "now"`},
		// An unknown flag.
		{"unknown flag", []string{"--bogus"}, "", 2, "", "flag provided but not defined"},
		// A config below a floor names its key.
		{"config below a floor", []string{"--config", badConfig}, "", 2, "", "limits.max_message_bytes"},
		// A config that is not there.
		{"missing config", []string{"--config", filepath.Join(t.TempDir(), "none.yaml")}, "", 2, "", "cannot load config"},
		// Help is no error.
		{"help", []string{"--help"}, "", 0, "", "usage: pmosaddon"},
		// The version, on stdout.
		{"version", []string{"--version"}, "", 0, "pmosaddon ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(moduleBin, tc.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(tc.stdin), &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if code := waitExit(t, cmd, 10*time.Second); code != tc.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout %q does not hold %q", stdout.String(), tc.stdout)
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr does not hold %q:\n%s", tc.stderr, stderr.String())
			}
		})
	}
}

// TestExitWhenInputClosesMidCallback: the host closes the module's stdin
// while syncserver waits for its billing/services answer. The module
// answers the sync with the reason and exits 0 within 2 s.
func TestExitWhenInputClosesMidCallback(t *testing.T) {
	config := writeConfig(t, `connections:
  - name: vm5
    kind: vmmanager5
    url: https://127.0.0.1:1
    username: admin
    password: never-used
`)
	cmd := exec.Command(moduleBin, "--config", config)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	next := func() map[string]any {
		t.Helper()
		var msg map[string]any
		if err := (rpc.Codec{}).ReadObject(out, &msg); err != nil {
			t.Fatalf("reading the module: %v", err)
		}
		return msg
	}
	io.WriteString(stdin, frame(initialize))
	next()
	io.WriteString(stdin, frame(`{"jsonrpc":"2.0","id":2,"method":"syncserver","params":{"connection":"vm5","run_id":"r","as_of":"2026-03-11T04:30:00Z"}}`))
	if msg := next(); msg["method"] != rpc.MethodBillingServices {
		t.Fatalf("got %v, want the billing/services callback", msg)
	}
	stdin.Close()
	closed := time.Now()
	answer := next()
	if code := waitExit(t, cmd, 2*time.Second); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	t.Logf("exited %s after its stdin closed", time.Since(closed).Round(time.Millisecond))
	e, _ := answer["error"].(map[string]any)
	if answer["id"] != float64(2) || e == nil || e["code"] != float64(rpc.CodeHostCallback) {
		t.Fatalf("syncserver answered %v, want %d", answer, rpc.CodeHostCallback)
	}
}

// TestVersionIsStamped: the version make build stamps with -ldflags is what
// --version prints and what initialize answers.
func TestVersionIsStamped(t *testing.T) {
	const version = "9.9.9-stamped"
	bin := filepath.Join(t.TempDir(), "pmosaddon")
	build := exec.Command("go", "build", "-ldflags", "-X osaddon/plugin/module.Version="+version, "-o", bin, testbin.Module)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "pmosaddon "+version+"\n" {
		t.Fatalf("--version printed %q (%v), want %q", out, err, "pmosaddon "+version)
	}
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(frame(initialize))
	if out, err = cmd.Output(); err != nil || !strings.Contains(string(out), `"module":{"name":"pmosaddon","version":"`+version+`"}`) {
		t.Fatalf("initialize answered %q (%v), want version %q", out, err, version)
	}
}
