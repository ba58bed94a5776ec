package host_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/testlog"
	"osaddon/rpc/rpctest"
)

const testLimit = 64 << 10

// configWithLimit writes a module config setting the message size limit.
func configWithLimit(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	if err := os.WriteFile(path, []byte("limits:\n  max_message_bytes: 65536\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func launch(t *testing.T, opts host.Options) *host.Client {
	t.Helper()
	c, err := host.Launch(context.Background(), opts)
	if err != nil {
		t.Fatalf("Launch: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		select {
		case <-c.Done():
		case <-time.After(10 * time.Second):
			t.Errorf("module %d still running after Close", c.Pid())
		}
	})
	return c
}

func TestConversationAsSubprocess(t *testing.T) {
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		t.Run(mode.String(), func(t *testing.T) {
			c := launch(t, host.Options{Path: moduleBin, SHA256: sha(t, moduleBin), Mode: mode, ConfigPath: configWithLimit(t)})
			if c.Pid() == 0 {
				t.Fatal("no module process")
			}
			rpctest.Foundation(t, c, testLimit, builtFeatures())
		})
	}
}

func TestModuleLogsReachHostLogger(t *testing.T) {
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		t.Run(mode.String(), func(t *testing.T) {
			var buf testlog.Buffer
			log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace, JSONFormat: true})
			c := launch(t, host.Options{Path: moduleBin, SHA256: sha(t, moduleBin), Mode: mode, Logger: log, Name: "billing-test"})
			c.Close()
			<-c.Done()
			time.Sleep(100 * time.Millisecond) // the forwarder drains stderr after exit
			out := buf.String()
			if !strings.Contains(out, `"@message":"initialized"`) || !strings.Contains(out, `"host":"billing-test"`) {
				t.Fatalf("module's initialized log line not forwarded at its level; host log:\n%s", out)
			}
			if !strings.Contains(out, `"@level":"info","@message":"initialized"`) {
				t.Errorf("initialized line not at info level:\n%s", out)
			}
		})
	}
}

func TestWrongChecksumIsRefusedBeforeExec(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	script := filepath.Join(t.TempDir(), "module.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		_, err := host.Launch(context.Background(), host.Options{Path: script, SHA256: strings.Repeat("0", 64), Mode: mode})
		if !errors.Is(err, host.ErrChecksumMismatch) {
			t.Errorf("%s: Launch error = %v, want ErrChecksumMismatch", mode, err)
		}
		_, err = host.Launch(context.Background(), host.Options{Path: script, Mode: mode})
		if !errors.Is(err, host.ErrNoChecksum) {
			t.Errorf("%s: Launch without checksum error = %v, want ErrNoChecksum", mode, err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the module ran although its checksum was wrong")
	}
}

func TestStrayStdoutDoesNotCorruptStream(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var buf testlog.Buffer
	log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace})
	c := launch(t, host.Options{Path: self, SHA256: sha(t, self), Mode: host.ModeGoPlugin, Logger: log,
		Env: []string{roleEnv + "=stray-module"}})
	// Launch already called initialize once, which printed; call it again
	// and check the answers are intact.
	for i := range 3 {
		info, err := c.Initialize(context.Background(), hello())
		if err != nil {
			t.Fatalf("call %d after stray output: %v", i, err)
		}
		if info.Module.Name != "pmosaddon" {
			t.Fatalf("call %d: module = %q", i, info.Module.Name)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(buf.String(), "stray line from a handler") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(buf.String(), "stray line from a handler") {
		t.Errorf("the stray line was not reported in the host log:\n%s", buf.String())
	}
}

func TestNoOrphanWhenHostIsKilled(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=host", "OSADDON_TEST_MODULE="+moduleBin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("reading module pid from host: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("host said %q", line)
	}
	if !alive(pid) {
		t.Fatalf("module %d not running while the host lives", pid)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if alive(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("module %d outlived its killed host", pid)
	}
}

// alive reports whether pid runs and is not a zombie waiting to be reaped.
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}
