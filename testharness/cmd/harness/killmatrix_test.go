package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Kill matrix size: at least 20 SIGKILL points, split between the module
// and the harness (the host), during a sync of killMatrixVMs VMs that all
// have a charge pending.
const (
	killMatrixVMs    = 10_000
	killMatrixPoints = 22
	killMatrixSeed   = 20261125
)

// TestKillMatrix kills the module or the harness at seeded random moments
// of a run, reruns the harness on the same ledger, and counts the charges
// lost and duplicated against an uninterrupted run; both counts must be 0.
// The harness runs as a real binary built without the race detector, so
// the 10,000-VM runs take seconds.
func TestKillMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the kill matrix takes minutes")
	}
	harnessBin := filepath.Join(filepath.Dir(moduleBin), "harness")
	build := exec.Command("go", "build", "-o", harnessBin, "osaddon/testharness/cmd/harness")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the harness: %v\n%s", err, out)
	}
	// Seed one ledger, then give every run a copy, so the matrix spends its
	// time where kills matter: the sync and the apply.
	seeded := filepath.Join(t.TempDir(), "seeded.db")
	if out, err := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", seeded,
		writeCrashScenario(t, killMatrixVMs, "2026-05-01T00:10:00Z")).CombinedOutput(); err != nil {
		t.Fatalf("seeding: %v\n%s", err, tail(out))
	}
	path := crashScenario(t, killMatrixVMs)
	refDB := copyDB(t, seeded)
	ref := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", refDB, path)
	count := entryCounter(t, refDB)
	start := time.Now()
	if err := ref.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ref.Wait() }()
	// The module's part runs from its start to the first charge applied.
	var moduleStart, syncEnd time.Duration
	for waiting := true; waiting; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("uninterrupted run: %v", err)
			}
			waiting = false
		case <-time.After(2 * time.Millisecond):
		}
		if moduleStart == 0 && childOf(ref.Process.Pid, filepath.Base(moduleBin)) > 0 {
			moduleStart = time.Since(start)
		}
		if syncEnd == 0 && count() > 0 {
			syncEnd = time.Since(start)
		}
	}
	if moduleStart == 0 || syncEnd <= moduleStart {
		t.Fatalf("could not time the module's part: started at %v, first charge at %v", moduleStart, syncEnd)
	}
	window := time.Since(start)
	want := readState(t, refDB)
	if len(want.entries) != killMatrixVMs {
		t.Fatalf("uninterrupted run charged %d services, want %d", len(want.entries), killMatrixVMs)
	}
	t.Logf("uninterrupted run: %d charges in %v; the module ran from %v, the first charge landed at %v",
		len(want.entries), window.Round(time.Millisecond), moduleStart.Round(time.Millisecond), syncEnd.Round(time.Millisecond))

	rng := rand.New(rand.NewPCG(killMatrixSeed, 1))
	var lostTotal, dupTotal, moduleKills, hostKills, midSync, midApply int
	for i := range killMatrixPoints {
		// The module matters from its start until the sync returns (timed
		// from the module's start); the host all along.
		target, span := "module", syncEnd-moduleStart
		if i%2 == 1 {
			target, span = "host", window
		}
		delay := time.Duration(rng.Int64N(int64(span)))
		db := copyDB(t, seeded)
		cmd := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", db, path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		victim := cmd.Process.Pid
		if target == "module" {
			deadline := time.Now().Add(30 * time.Second)
			for victim = 0; victim == 0 && time.Now().Before(deadline); victim = childOf(cmd.Process.Pid, filepath.Base(moduleBin)) {
				time.Sleep(time.Millisecond)
			}
		}
		time.Sleep(delay)
		killed := victim > 0 && syscall.Kill(victim, syscall.SIGKILL) == nil
		cmd.Wait()
		applied := len(readState(t, db).entries)
		switch {
		case !killed:
		case target == "module":
			moduleKills++
			if applied == 0 {
				midSync++
			}
		default:
			hostKills++
			if applied > 0 && applied < killMatrixVMs {
				midApply++
			}
		}
		if out, err := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", db, path).CombinedOutput(); err != nil {
			t.Fatalf("point %d: rerun after killing the %s at %v: %v\n%s", i, target, delay, err, tail(out))
		}
		got := readState(t, db)
		lost, dup := lostAndDuplicated(got, want)
		lostTotal += lost
		dupTotal += dup
		t.Logf("point %2d: SIGKILL %-6s at %7v (killed: %-5v) with %5d/%d charges applied; after rerun lost %d, duplicated %d",
			i, target, delay.Round(time.Millisecond), killed, applied, killMatrixVMs, lost, dup)
		if lost != 0 || dup != 0 || strings.Join(got.balances, ",") != strings.Join(want.balances, ",") {
			t.Errorf("point %d: lost %d, duplicated %d; balances %v, want %v", i, lost, dup, got.balances, want.balances)
		}
	}
	t.Logf("kill matrix: %d points; %d module kills (%d before any charge), %d host kills (%d mid-apply); charges lost %d, duplicated %d",
		killMatrixPoints, moduleKills, midSync, hostKills, midApply, lostTotal, dupTotal)
	if midSync < killMatrixPoints/4 || hostKills < killMatrixPoints/4 {
		t.Errorf("too few kills landed where they matter (%d module mid-sync, %d host): the matrix tested little", midSync, hostKills)
	}
}

// copyDB copies a closed ledger file (SQLite leaves no WAL behind a clean
// close) to a new temporary path.
func copyDB(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(src + side); err == nil {
			t.Fatalf("%s%s exists: the seeding harness did not close the ledger cleanly", src, side)
		}
	}
	dst := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// lostAndDuplicated counts the reference's entries missing from got, and
// got's entries beyond those.
func lostAndDuplicated(got, want ledgerState) (lost, dup int) {
	have := map[string]int{}
	for _, e := range got.entries {
		have[e]++
	}
	for _, e := range want.entries {
		if have[e] == 0 {
			lost++
			continue
		}
		have[e]--
	}
	for _, n := range have {
		dup += n
	}
	return lost, dup
}

// childOf finds the process named name whose parent is pid, or 0.
func childOf(pid int, name string) int {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		child, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		open, closeParen := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closeParen < open {
			continue
		}
		fields := strings.Fields(s[closeParen+1:])
		if s[open+1:closeParen] == name && len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			return child
		}
	}
	return 0
}

func tail(out []byte) string {
	s := string(out)
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}
