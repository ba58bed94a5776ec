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
	"testing"

	"osaddon/testharness/ledger"

	_ "modernc.org/sqlite"
)

// crashServices is the size of the crash scenario of `make test`: three
// billing/services pages of 500, and one vms checkpoint at 1,000. Every
// service has Windows installed inside VMmanager and is charged at the
// first tick.
const crashServices = 1500

// fixtureDir holds the crash fixtures shared by the tests of one run.
var fixtureDir string

// crashFixture is a crash scenario of n services with its ledger seeded
// (and closed cleanly), and the state an uninterrupted run leaves.
type crashFixture struct {
	n      int
	path   string
	seeded string
	want   ledgerState
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*crashFixture{}
)

// fixture returns the crash fixture of n services, made once per test
// binary: the scenario, a seeded ledger, and the reference state of an
// uninterrupted run, checked to the cent.
func fixture(t *testing.T, n int) *crashFixture {
	t.Helper()
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f := fixtures[n]; f != nil {
		return f
	}
	dir := filepath.Join(fixtureDir, fmt.Sprint(n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f := &crashFixture{n: n, path: writeCrashScenario(t, dir, n, "2026-05-01T01:00:00Z"), seeded: filepath.Join(dir, "seeded.db")}
	// Seed with a run that ends before the first tick: later runs then
	// spend their time where kills matter, the sync and the apply.
	seed := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", f.seeded,
		writeCrashScenario(t, dir, n, "2026-05-01T00:10:00Z"))
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("seeding: %v\n%s", err, tail(out))
	}
	ref := copyDB(t, f.seeded)
	if out, err := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", ref, f.path).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, tail(out))
	}
	f.want = readState(t, ref)
	if len(f.want.entries) != n {
		t.Fatalf("uninterrupted run: %d entries, want %d", len(f.want.entries), n)
	}
	perAccount := fmt.Sprintf("%.2f", 100000-30*float64(n/10)) // test arithmetic only, not money code
	for _, b := range f.want.balances {
		if !strings.HasSuffix(b, " "+perAccount) {
			t.Fatalf("uninterrupted run: balance %s, want %s", b, perAccount)
		}
	}
	fixtures[n] = f
	return f
}

// writeCrashScenario writes to dir a scenario of n services, all due a
// charge of 30.00 EUR (a whole 31-day month, ticked at 00:30 on its first
// day), ending at end; ending before 00:30 it only seeds the ledger.
func writeCrashScenario(t *testing.T, dir string, n int, end string) string {
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
		fmt.Fprintf(&b, "  - {id: s%05d, account: acc%d, tariff: vps, period_months: 1, period_start: 2026-05-01T00:00:00Z, addon_value: free-os, os_template: ISPsystem__Ubuntu-22.04-amd64, vm: \"%d\"}\n", i, i%10, i+1)
	}
	path := filepath.Join(dir, "crash-"+strings.ReplaceAll(end, ":", "")+".yaml")
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

// compare fails the test unless got equals the reference: no charge lost,
// none duplicated, the same balances.
func compare(t *testing.T, got, want ledgerState) {
	t.Helper()
	lost, dup := lostAndDuplicated(got, want)
	if lost != 0 || dup != 0 || !slices.Equal(got.balances, want.balances) {
		t.Fatalf("after the rerun: %d charges lost, %d duplicated; balances %v, want %v", lost, dup, got.balances, want.balances)
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

// entryCounter counts the ledger's entries through a read-only SQLite
// connection of its own: cheap enough to poll while another process writes.
func entryCounter(t *testing.T, path string) func() int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func() int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM entries`).Scan(&n); err != nil {
			t.Fatalf("counting entries: %v", err)
		}
		return n
	}
}

// TestOverlappingHarnesses runs two harness processes on the same ledger
// at once: the lease and the keys leave exactly the ledger of one run.
func TestOverlappingHarnesses(t *testing.T) {
	f := fixture(t, crashServices)
	db := filepath.Join(t.TempDir(), "ledger.db") // both seed it: the seed lease lets one
	a := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", db, f.path)
	b := exec.Command(harnessBin, "run", "--module", moduleBin, "--db", db, f.path)
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
	compare(t, readState(t, db), f.want)
}

func tail(out []byte) string {
	s := string(out)
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}
