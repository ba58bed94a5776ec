package serve

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"osaddon/internal/testproc"
)

// The test binary also plays a go-plugin host ("middle") and the module it
// launches ("watcher"), chosen by this variable, as go-plugin's own tests
// do (TestHelperProcess).
const roleEnv = "OSADDON_SERVE_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "middle":
		launchWatcher()
		return
	case "watcher":
		ctx := watchHost(context.Background())
		fmt.Println("watching")
		<-ctx.Done()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// launchWatcher starts the watcher on this process's stdin, so that its
// input never ends, prints its pid once it watches, and waits to be
// killed.
func launchWatcher() {
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=watcher")
	cmd.Stdin = os.Stdin
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "watching\n" {
		fmt.Println("error: watcher said", line)
		os.Exit(1)
	}
	fmt.Println(cmd.Process.Pid)
	select {}
}

// TestModuleLeavesWhenHostProcessExits: a module in go-plugin mode whose
// host is SIGKILLed exits within 2 s even though its stdin stays open (a
// stray process holds it): it watches the host process itself.
func TestModuleLeavesWhenHostProcessExits(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	middle := exec.Command(self)
	// No race-detector pause at exit: the exit is what is timed.
	middle.Env = append(os.Environ(), roleEnv+"=middle", "GORACE=atexit_sleep_ms=0")
	stdin, err := middle.StdinPipe() // held open by the test till the end
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := middle.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := middle.Start(); err != nil {
		t.Fatal(err)
	}
	defer middle.Wait()
	defer middle.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	pid, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		t.Fatalf("host said %q (%v)", line, err)
	}
	watcher := testproc.Watch(t, pid)
	defer syscall.Kill(pid, syscall.SIGKILL)
	if err := middle.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	if !watcher.ExitsWithin(2 * time.Second) {
		t.Fatal("the module outlived its host by 2 s")
	}
	t.Logf("the module left %s after its host was killed", time.Since(killed).Round(time.Millisecond))
}
