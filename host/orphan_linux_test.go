package host_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"osaddon/host"
	"osaddon/internal/testproc"
)

// moduleExitBound is how long a module may outlive its killed host.
const moduleExitBound = 2 * time.Second

// TestNoOrphanWhenHostIsKilled: a host SIGKILLed while the module idles or
// waits for its billing/services answer leaves no module process 2 s
// later, in both launch modes, with the SDK's death signal and without it
// (the module then leaves on its own: its input ended).
func TestNoOrphanWhenHostIsKilled(t *testing.T) {
	config := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	err := os.WriteFile(config, []byte(`connections:
  - name: vm5
    kind: vmmanager5
    url: https://127.0.0.1:1
    username: admin
    password: never-used
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		for _, stage := range []string{"idle", "callback"} {
			for _, deathSignal := range []string{"on", "off"} {
				t.Run(mode.String()+"/"+stage+"/death-signal-"+deathSignal, func(t *testing.T) {
					killHostAndWatchModule(t, mode, stage, deathSignal, config)
				})
			}
		}
	}
}

func killHostAndWatchModule(t *testing.T, mode host.Mode, stage, deathSignal, config string) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=host", hostModuleEnv+"="+moduleBin, hostModeEnv+"="+mode.String(),
		hostConfigEnv+"="+config, hostStageEnv+"="+stage, hostDeathSigEnv+"="+deathSignal)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	lines := bufio.NewReader(stdout)
	line, err := lines.ReadString('\n')
	if err != nil {
		t.Fatalf("reading module pid from host: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("host said %q", line)
	}
	module := testproc.Watch(t, pid)
	if stage == "callback" {
		if line, err := lines.ReadString('\n'); err != nil || strings.TrimSpace(line) != calledBackMessage {
			t.Fatalf("host said %q (%v), want %q", line, err, calledBackMessage)
		}
	}
	if !alive(pid) {
		t.Fatalf("module %d gone before its host was killed", pid)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	if !module.ExitsWithin(moduleExitBound) || alive(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("module %d outlived its killed host by %s", pid, moduleExitBound)
	}
	t.Logf("module exited %s after its host was killed", time.Since(killed).Round(time.Millisecond))
}
