package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"osaddon/rpc"
	"osaddon/testharness/lab"
	"osaddon/testharness/ledger"
	"osaddon/testharness/scenario"

	_ "modernc.org/sqlite"
)

// crashServices is the size of the crash scenario: every service has
// Windows installed inside VMmanager and is charged at the first tick.
const crashServices = 1500

// crashScenario writes a scenario of n services, all due a charge of
// 30.00 EUR (a whole 31-day month, ticked at 00:30 on its first day).
func crashScenario(t *testing.T, n int) string {
	t.Helper()
	return writeCrashScenario(t, n, "2026-05-01T01:00:00Z")
}

// writeCrashScenario writes the crash scenario ending at end; ending before
// 00:30 it only seeds the ledger.
func writeCrashScenario(t *testing.T, n int, end string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`name: crash
start: 2026-05-01T00:00:00Z
end: ` + end + `
panel:
  kind: vmmanager5
  connection: vm5
  templates:
    - {repository: ISPsystem, name: Ubuntu-22.04-amd64}
    - {repository: ISPsystem, name: Windows-Server-2019}
  vms:
`)
	for i := range n {
		fmt.Fprintf(&b, "    - {id: \"%d\", template: ISPsystem__Windows-Server-2019}\n", i+1)
	}
	b.WriteString(`tariffs:
  - id: vps
    periods: [1]
    addon:
      internal_name: ostempl
      default: free-os
      values:
        - internal_name: free-os
          prices: [{months: 1, currency: EUR, amount: "0.00"}]
        - internal_name: ISPsystem__Windows-Server-2019
          prices: [{months: 1, currency: EUR, amount: "30.00"}]
accounts:
`)
	for a := range 10 {
		fmt.Fprintf(&b, "  - {id: acc%d, currency: EUR, balance: \"100000.00\"}\n", a)
	}
	b.WriteString("services:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: s%04d, account: acc%d, tariff: vps, period_months: 1, period_start: 2026-05-01T00:00:00Z, addon_value: free-os, os_template: ISPsystem__Ubuntu-22.04-amd64, vm: \"%d\"}\n", i, i%10, i+1)
	}
	path := filepath.Join(t.TempDir(), "crash-"+strings.ReplaceAll(end, ":", "")+".yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ledgerState is what must match between an interrupted and an
// uninterrupted run: every entry by money key, and every balance.
type ledgerState struct {
	entries  []string
	balances []string
}

func readState(t *testing.T, db string) ledgerState {
	t.Helper()
	l, err := ledger.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	entries, err := l.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var st ledgerState
	for _, e := range entries {
		st.entries = append(st.entries, fmt.Sprintf("%s %s %s %s %s", e.MoneyKey, e.ServiceID, e.Kind, e.Amount, e.Currency))
	}
	slices.Sort(st.entries)
	for a := range 10 {
		acc, err := l.Account(ctx, fmt.Sprintf("acc%d", a))
		if err != nil {
			t.Fatal(err)
		}
		st.balances = append(st.balances, fmt.Sprintf("%s %s", acc.ID, acc.Balance))
	}
	return st
}

// compare reports lost and duplicated charges against the reference.
func compare(t *testing.T, got, want ledgerState) {
	t.Helper()
	lost, dup := 0, 0
	for _, e := range want.entries {
		if !slices.Contains(got.entries, e) {
			lost++
		}
	}
	dup = len(got.entries) - (len(want.entries) - lost)
	if lost != 0 || dup != 0 || !slices.Equal(got.balances, want.balances) {
		t.Fatalf("after the rerun: %d charges lost, %d duplicated; balances %v, want %v", lost, dup, got.balances, want.balances)
	}
}

func loadScenario(t *testing.T, path string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// reference runs the scenario uninterrupted and checks its arithmetic.
func reference(t *testing.T, path string) (ledgerState, int) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "reference.db")
	var progress atomic.Int64
	_, err := lab.Run(context.Background(), loadScenario(t, path), lab.Options{ModulePath: moduleBin, DBPath: db,
		Progress: func(rpc.ProgressParams) { progress.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	st := readState(t, db)
	if len(st.entries) != crashServices {
		t.Fatalf("reference run: %d entries, want %d", len(st.entries), crashServices)
	}
	perAccount := fmt.Sprintf("%.2f", 100000-30*float64(crashServices/10)) // test arithmetic only, not money code
	for _, b := range st.balances {
		if !strings.HasSuffix(b, " "+perAccount) {
			t.Fatalf("reference balance %s, want %s", b, perAccount)
		}
	}
	return st, int(progress.Load())
}

// TestModuleKilledMidSync kills the module with SIGKILL at several points
// of a sync (while it pages services, while it lists VMs, once it has
// planned), reruns the harness on the same ledger, and compares with an
// uninterrupted run.
func TestModuleKilledMidSync(t *testing.T) {
	path := crashScenario(t, crashServices)
	want, notes := reference(t, path)
	if notes < 3 {
		t.Fatalf("only %d progress notifications to kill at", notes)
	}
	for _, at := range []int{1, notes / 2, notes} {
		t.Run(fmt.Sprintf("at progress %d of %d", at, notes), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "ledger.db")
			var mu sync.Mutex
			pid, seen, killed := 0, 0, false
			_, err := lab.Run(context.Background(), loadScenario(t, path), lab.Options{ModulePath: moduleBin, DBPath: db,
				OnLaunch: func(p int) { pid = p },
				Progress: func(rpc.ProgressParams) {
					mu.Lock()
					defer mu.Unlock()
					if seen++; seen == at {
						killed = syscall.Kill(pid, syscall.SIGKILL) == nil
					}
				}})
			mu.Lock()
			defer mu.Unlock()
			if !killed {
				t.Fatalf("the module was not killed (run error: %v)", err)
			}
			t.Logf("interrupted run: %v", err)
			if _, err := lab.Run(context.Background(), loadScenario(t, path), lab.Options{ModulePath: moduleBin, DBPath: db}); err != nil {
				t.Fatalf("rerun: %v", err)
			}
			compare(t, readState(t, db), want)
		})
	}
}

// harnessProcess starts the test binary as the harness CLI.
func harnessProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), roleEnv+"=harness")
	return cmd
}

// entryCounter counts the ledger's entries through a read-only SQLite
// connection of its own: cheap enough to poll while another process writes.
func entryCounter(t *testing.T, path string) func() int {
	t.Helper()
	var db *sql.DB
	t.Cleanup(func() {
		if db != nil {
			db.Close()
		}
	})
	return func() int {
		if db == nil {
			if _, err := os.Stat(path); err != nil {
				return 0
			}
			var err error
			if db, err = sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)"); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM entries`).Scan(&n); err != nil {
			return 0 // not created yet
		}
		return n
	}
}

// TestHarnessKilledMidApply kills the harness process itself with SIGKILL
// while it applies a sync's plan, after the first, a third and two thirds
// of the charges, then reruns it on the same ledger.
func TestHarnessKilledMidApply(t *testing.T) {
	path := crashScenario(t, crashServices)
	want, _ := reference(t, path)
	for _, after := range []int{1, crashServices / 3, 2 * crashServices / 3} {
		t.Run(fmt.Sprintf("after %d charges", after), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "ledger.db")
			cmd := harnessProcess(t, "run", "--module", moduleBin, "--db", db, path)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			count := entryCounter(t, db)
			deadline := time.Now().Add(60 * time.Second)
			n := 0
			for n = count(); n < after && time.Now().Before(deadline); n = count() {
				time.Sleep(time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if n < after || n >= crashServices {
				t.Fatalf("killed with %d of %d charges applied; wanted mid-apply", n, crashServices)
			}
			t.Logf("killed with %d of %d charges applied", count(), crashServices)
			rerun := harnessProcess(t, "run", "--module", moduleBin, "--db", db, path)
			if out, err := rerun.CombinedOutput(); err != nil {
				t.Fatalf("rerun: %v\n%s", err, out)
			}
			compare(t, readState(t, db), want)
		})
	}
}

// TestOverlappingHarnesses runs two harness processes on the same ledger
// at once: the lease and the keys leave exactly the ledger of one run.
func TestOverlappingHarnesses(t *testing.T) {
	path := crashScenario(t, crashServices)
	want, _ := reference(t, path)
	db := filepath.Join(t.TempDir(), "ledger.db")
	a := harnessProcess(t, "run", "--module", moduleBin, "--db", db, path)
	b := harnessProcess(t, "run", "--module", moduleBin, "--db", db, path)
	var outA, outB strings.Builder
	a.Stdout, a.Stderr = &outA, &outA
	b.Stdout, b.Stderr = &outB, &outB
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	errA, errB := a.Wait(), b.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("harness A: %v\n%s\nharness B: %v\n%s", errA, outA.String(), errB, outB.String())
	}
	compare(t, readState(t, db), want)
}
