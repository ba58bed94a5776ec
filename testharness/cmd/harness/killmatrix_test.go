package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// soakEnv, set to 1, runs the soak kill matrix (make soak).
const soakEnv = "OSADDON_SOAK"

// Soak matrix size: a sync of soakVMs VMs that all have a charge pending,
// killed at soakPointsPerMode seeded points per launch mode.
const (
	soakVMs           = 10_000
	soakPointsPerMode = 22
	soakSeed          = 20261125
)

// orphanGrace is how long a module may outlive its SIGKILLed host.
const orphanGrace = 2 * time.Second

// launchModes are the harness's --mode values.
var launchModes = []string{"go-plugin", "stdio"}

// killPoint is where a run is SIGKILLed. Every point is a checkpoint the
// run reports and holds at (harness --hold-at), so load cannot move it.
type killPoint struct {
	// target is "module" or "host" (the harness itself).
	target string
	// hold is the checkpoint, as --hold-at takes it.
	hold string
	// applied, when set, lets the run go on from hold and kills the host
	// once that many charges are in the ledger: mid-apply.
	applied int
}

func (p killPoint) String() string {
	if p.applied > 0 {
		return fmt.Sprintf("%s after %d charges applied", p.target, p.applied)
	}
	return p.target + " at " + p.hold
}

// killPoints are the kinds of point, for a sync of n VMs: the module before
// and during the billing/services callback; the host during the callback,
// with the plan made (before apply), mid-apply and after apply.
func killPoints(n int) []killPoint {
	return []killPoint{
		{target: "module", hold: "launched"},
		{target: "module", hold: "services:1"},
		{target: "host", hold: "services:1"},
		{target: "host", hold: "plan"},
		{target: "host", hold: "plan", applied: n / 2},
		{target: "host", hold: "synced:1"},
	}
}

// TestKillMatrix SIGKILLs the module or the harness at every kind of
// point, in both launch modes, during a sync of 1,500 VMs that all have a
// charge pending. After each kill it checks that no module outlives its
// host by more than 2 s, reruns the harness on the same ledger, and
// compares with an uninterrupted run: no charge lost, none duplicated, the
// same balances. The binaries are built without the race detector.
func TestKillMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the kill matrix runs the harness 25 times")
	}
	f := fixture(t, crashServices)
	for _, mode := range launchModes {
		for _, p := range killPoints(crashServices) {
			t.Run(mode+"/"+p.String(), func(t *testing.T) {
				killAndRerun(t, mode, f, p)
			})
		}
	}
}

// TestKillMatrixSoak is the full matrix of make soak: a 10,000-VM sync,
// killed at many seeded points of every kind in both modes.
func TestKillMatrixSoak(t *testing.T) {
	if os.Getenv(soakEnv) != "1" {
		t.Skip("the soak matrix runs in make soak (" + soakEnv + "=1)")
	}
	f := fixture(t, soakVMs)
	rng := rand.New(rand.NewPCG(soakSeed, 1))
	for _, mode := range launchModes {
		points := killPoints(soakVMs)
		for len(points) < soakPointsPerMode {
			p := killPoint{target: []string{"module", "host"}[rng.IntN(2)]}
			switch rng.IntN(3) {
			case 0:
				p.hold = fmt.Sprintf("services:%d", 500*(1+rng.IntN(soakVMs/500)))
			case 1:
				p.hold = fmt.Sprintf("vms:%d", 1000*(1+rng.IntN(soakVMs/1000)))
			default:
				p = killPoint{target: "host", hold: "plan", applied: 1 + rng.IntN(soakVMs-1)}
			}
			if !slices.Contains(points, p) {
				points = append(points, p)
			}
		}
		for _, p := range points {
			t.Run(mode+"/"+p.String(), func(t *testing.T) {
				killAndRerun(t, mode, f, p)
			})
		}
	}
}

// killAndRerun runs the fixture's scenario in mode, SIGKILLs at p, checks
// what the kill left, reruns and compares with the reference.
func killAndRerun(t *testing.T, mode string, f *crashFixture, p killPoint) {
	db := copyDB(t, f.seeded)
	r := startHarness(t, mode, db, f.path, p.hold)
	held := r.waitHold(t)
	switch {
	case p.target == "module":
		if err := syscall.Kill(held.modulePid, syscall.SIGKILL); err != nil {
			t.Fatalf("killing the module %d: %v", held.modulePid, err)
		}
		r.release()
		r.checkLostModule(t)
	case p.applied > 0:
		count := entryCounter(t, db)
		r.release()
		r.waitFor(t, func() bool { return count() >= p.applied }, fmt.Sprintf("%d charges applied", p.applied))
		r.killHost(t)
		if n := count(); n >= f.n {
			t.Fatalf("killed with %d of %d charges applied: wanted mid-apply", n, f.n)
		}
		checkNoOrphan(t, held.modulePid)
	default:
		r.killHost(t)
		checkNoOrphan(t, held.modulePid)
	}
	applied := len(readState(t, db).entries)
	rerun := exec.Command(harnessBin, "run", "--mode", mode, "--module", moduleBin, "--db", db, f.path)
	rerun.Env = append(os.Environ(), "TMPDIR="+shortTempDir(t))
	if out, err := rerun.CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, tail(out))
	}
	got := readState(t, db)
	lost, dup := lostAndDuplicated(got, f.want)
	t.Logf("killed %s with %d/%d charges applied; after the rerun lost %d, duplicated %d", p, applied, f.n, lost, dup)
	compare(t, got, f.want)
}

// harnessRun is a harness process started by a test.
type harnessRun struct {
	cmd    *exec.Cmd
	tmp    string
	stdin  io.WriteCloser
	stdout bytes.Buffer
	stderr *holdWatcher
	exited chan struct{}
	err    error
}

// startHarness starts the harness binary on db in mode, with its own
// TMPDIR, holding at hold.
func startHarness(t *testing.T, mode, db, path, hold string) *harnessRun {
	t.Helper()
	r := &harnessRun{tmp: shortTempDir(t), stderr: newHoldWatcher(), exited: make(chan struct{})}
	r.cmd = exec.Command(harnessBin, "run", "--mode", mode, "--module", moduleBin, "--db", db, "--hold-at", hold, path)
	r.cmd.Env = append(os.Environ(), "TMPDIR="+r.tmp)
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, r.stderr
	// A module that outlives the harness keeps its stderr open; Wait
	// gives up on it after this.
	r.cmd.WaitDelay = orphanGrace
	var err error
	if r.stdin, err = r.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		r.err = r.cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() {
		r.cmd.Process.Kill()
		<-r.exited
	})
	return r
}

// shortTempDir is a temporary directory with a short path: go-plugin
// puts unix sockets in TMPDIR, and a socket path is limited to 108 bytes,
// which t.TempDir's paths, named after the test, can exceed.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "km")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// hold is the line a harness writes when it holds at a checkpoint.
type hold struct {
	point     string
	modulePid int
}

// waitHold waits until the run holds at its checkpoint.
func (r *harnessRun) waitHold(t *testing.T) hold {
	t.Helper()
	select {
	case h := <-r.stderr.holds:
		if h.modulePid <= 0 {
			t.Fatalf("held at %s without a module pid", h.point)
		}
		return h
	case <-r.exited:
		t.Fatalf("the harness exited (%v) before it held\n%s\n%s", r.err, r.stdout.String(), tail(r.stderr.bytes()))
	case <-time.After(2 * time.Minute):
		t.Fatalf("the harness did not hold within 2 minutes\n%s", tail(r.stderr.bytes()))
	}
	return hold{}
}

// release lets a held run go on.
func (r *harnessRun) release() { io.WriteString(r.stdin, "\n") }

// waitFor polls cond until it holds, failing if the harness exits first
// or a minute passes.
func (r *harnessRun) waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(time.Minute)
	for !cond() {
		select {
		case <-tick.C:
		case <-r.exited:
			t.Fatalf("the harness exited (%v) before %s", r.err, what)
		case <-deadline:
			t.Fatalf("no %s within a minute", what)
		}
	}
}

// killHost SIGKILLs the harness and reaps it.
func (r *harnessRun) killHost(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("killing the harness: %v", err)
	}
	<-r.exited
}

// checkLostModule waits for a harness whose module was killed: it must
// exit 1 with FAIL and the reason, no PASS, and leave no temporary file.
func (r *harnessRun) checkLostModule(t *testing.T) {
	t.Helper()
	select {
	case <-r.exited:
	case <-time.After(time.Minute):
		t.Fatalf("the harness did not end within a minute of losing its module\n%s", tail(r.stderr.bytes()))
	}
	out := r.stdout.String()
	if code := r.cmd.ProcessState.ExitCode(); code != exitFail {
		t.Errorf("the harness exited %d, want %d", code, exitFail)
	}
	if !strings.Contains(out, "FAIL: the run could not finish:") || strings.Contains(out, "PASS") {
		t.Errorf("the report of a run that lost its module:\n%s", out)
	}
	if left, _ := os.ReadDir(r.tmp); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("the harness left temporary files: %v", names)
	}
}

// checkNoOrphan fails unless the module pid is gone (or a zombie) within
// orphanGrace of its host's death; a survivor is killed.
func checkNoOrphan(t *testing.T, pid int) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(orphanGrace)
	for alive(pid) {
		select {
		case <-tick.C:
		case <-deadline:
			t.Errorf("the module (pid %d) outlived its SIGKILLed host by more than %v", pid, orphanGrace)
			syscall.Kill(pid, syscall.SIGKILL)
			return
		}
	}
}

// alive reports whether pid runs: it exists and is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

// holdWatcher keeps a harness's stderr and reports its hold line.
type holdWatcher struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	line  []byte
	holds chan hold
}

func newHoldWatcher() *holdWatcher { return &holdWatcher{holds: make(chan hold, 1)} }

func (w *holdWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.line = append(w.line, p...)
	for {
		i := bytes.IndexByte(w.line, '\n')
		if i < 0 {
			break
		}
		if h, ok := parseHoldLine(string(w.line[:i])); ok {
			w.holds <- h
		}
		w.line = w.line[i+1:]
	}
	return len(p), nil
}

func (w *holdWatcher) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.buf.Bytes())
}

// parseHoldLine reads "harness: hold point=P count=C module_pid=PID".
func parseHoldLine(line string) (hold, bool) {
	rest, ok := strings.CutPrefix(line, "harness: hold ")
	if !ok {
		return hold{}, false
	}
	var h hold
	sc := bufio.NewScanner(strings.NewReader(rest))
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "point":
			h.point = v
		case "module_pid":
			h.modulePid, _ = strconv.Atoi(v)
		}
	}
	return h, true
}
