package host_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/testlog"
	"osaddon/rpc"
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
			<-c.Done() // the module has exited and its log has been forwarded
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
	stray := &lineWatch{want: strayLine, seen: make(chan struct{})}
	log := hclog.New(&hclog.LoggerOptions{Output: stray, Level: hclog.Trace})
	c := launch(t, host.Options{Path: self, SHA256: sha(t, self), Mode: host.ModeGoPlugin, Logger: log,
		Env: []string{roleEnv + "=stray-module"}})
	// Each call prints outside the protocol; every answer must be intact.
	for i := range 3 {
		res, err := c.CheckConnection(context.Background(), &rpc.CheckConnectionParams{})
		if err != nil || res == nil || len(res.Connections) != 0 {
			t.Fatalf("call %d after stray output: %+v, %v; want the unconfigured module's empty answer", i, res, err)
		}
	}
	select {
	case <-stray.seen:
	case <-time.After(10 * time.Second):
		t.Errorf("the stray line was not reported in the host log:\n%s", stray.String())
	}
}

// lineWatch is a log that tells when a line holding want was written:
// seen is closed then.
type lineWatch struct {
	want string
	testlog.Buffer
	once sync.Once
	seen chan struct{}
}

func (w *lineWatch) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.Buffer.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return n, err
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
