package ledger_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

// The helper process: the test binary re-run with LEDGER_HELPER set
// applies the plan to the database LEDGER_HELPER_DB and exits, unless it
// is killed first.
const (
	helperEnv   = "LEDGER_HELPER"
	helperDBEnv = "LEDGER_HELPER_DB"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "apply" {
		os.Exit(helperApply(os.Getenv(helperDBEnv)))
	}
	code := m.Run()
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
	os.Exit(code)
}

// helperApply opens the database, says "ready", applies the plan and
// prints how many changes it applied.
func helperApply(path string) int {
	l, err := ledger.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer l.Close()
	fmt.Println("ready")
	r, err := l.Apply(context.Background(), planActions(crashServices), applyAt)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(changesApplied(r))
	return 0
}

var (
	seedOnce sync.Once
	seedDir  string
	seedErr  error

	referenceOnce sync.Once
	reference     state
	referenceRun  ledger.ApplyReport
)

// seededCopy returns the path of a fresh database seeded with the plan's
// accounts and services: a copy of one seeded file, which is quicker than
// seeding each time.
func seededCopy(t *testing.T) string {
	t.Helper()
	seedOnce.Do(func() {
		if seedDir, seedErr = os.MkdirTemp("", "ledger-seed-"); seedErr != nil {
			return
		}
		l, err := ledger.Open(filepath.Join(seedDir, "seed.db"))
		if seedErr = err; err != nil {
			return
		}
		seedPlan(t, l, crashServices)
		seedErr = l.Close()
	})
	must(t, seedErr)
	src, err := os.ReadFile(filepath.Join(seedDir, "seed.db"))
	must(t, err)
	path := filepath.Join(t.TempDir(), "ledger.db")
	must(t, os.WriteFile(path, src, 0o600))
	return path
}

// referenceState is the state an uninterrupted, lone Apply of the plan
// leaves, computed once.
func referenceState(t *testing.T) (state, ledger.ApplyReport) {
	t.Helper()
	referenceOnce.Do(func() {
		l := openAt(t, seededCopy(t))
		var err error
		referenceRun, err = l.Apply(context.Background(), planActions(crashServices), applyAt)
		must(t, err)
		reference = snapshot(t, l, crashServices)
		checkReference(t, reference, referenceRun)
	})
	if reference.Accounts == nil {
		t.Fatal("no reference state")
	}
	return reference, referenceRun
}

// checkReference checks the uninterrupted run against the plan's arithmetic,
// so that the other tests compare with a ledger known to be right.
func checkReference(t *testing.T, s state, r ledger.ApplyReport) {
	t.Helper()
	if got, want := len(s.Entries), expectedEntries(crashServices); got != want {
		t.Fatalf("reference has %d entries, want %d", got, want)
	}
	perAccount := map[string]int{}
	for i := range crashServices {
		perAccount[accountID(i)]++
	}
	want := map[string]string{}
	for i := range accountsInPlan {
		id, n := accountID(i), int64(perAccount[accountID(i)])
		switch accountKind(i) {
		case "poor":
			want[id] = "1.00"
		case "debtor":
			want[id] = cents(n * (337 - 1010))
		default:
			want[id] = cents(100000000 + n*(337-1010))
		}
	}
	for _, a := range s.Accounts {
		if string(a.Balance) != want[a.ID] {
			t.Errorf("reference balance of %s (%s) = %s, want %s", a.ID, accountKind(indexOf(a.ID)), a.Balance, want[a.ID])
		}
	}
	counts := map[string]int{}
	for _, res := range r.Results {
		counts[string(res.Outcome)]++
	}
	t.Logf("reference outcomes: %v", counts)
}

func cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

func indexOf(accountID string) int {
	n, _ := strconv.Atoi(accountID[3:])
	return n
}

func TestApplyTwiceGivesTheSameLedger(t *testing.T) {
	want, _ := referenceState(t)
	l := openAt(t, seededCopy(t))
	plan := planActions(crashServices)
	for range 2 {
		_, err := l.Apply(context.Background(), plan, applyAt)
		must(t, err)
	}
	if d := diffState(snapshot(t, l, crashServices), want); d != "" {
		t.Fatal(d)
	}
}

func TestApplyHalfThenAllGivesTheSameLedger(t *testing.T) {
	want, _ := referenceState(t)
	l := openAt(t, seededCopy(t))
	plan := planActions(crashServices)
	_, err := l.Apply(context.Background(), plan[:len(plan)/2+1], applyAt)
	must(t, err)
	must(t, l.Close())
	l = openAt(t, l.Path())
	r, err := l.Apply(context.Background(), plan, applyAt)
	must(t, err)
	if r.Count(ledger.Duplicate) == 0 {
		t.Fatal("second apply found nothing done")
	}
	if d := diffState(snapshot(t, l, crashServices), want); d != "" {
		t.Fatal(d)
	}
}

// startHelper starts the test binary as a helper applying the plan to
// path, and waits until it says it is ready. Its stdout delivers the rest.
func startHelper(t *testing.T, path string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=apply", helperDBEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper said %q: %v", line, err)
	}
	return cmd, out
}

func countRows(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	must(t, err)
	defer db.Close()
	var n int
	must(t, db.QueryRow(`SELECT count(*) FROM `+table).Scan(&n))
	var check string
	must(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	if check != "ok" {
		t.Fatalf("integrity check: %s", check)
	}
	return n
}

// TestKilledMidApplyLosesAndDuplicatesNothing kills a process applying the
// plan once it has recorded a random number of change keys, then reapplies
// the whole plan and compares the ledger with an uninterrupted run's.
func TestKilledMidApplyLosesAndDuplicatesNothing(t *testing.T) {
	want, _ := referenceState(t)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	for round := range crashRounds {
		path := seededCopy(t)
		cmd, _ := startHelper(t, path)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		target := rng.IntN(len(want.Changes))
		reached := waitForChanges(t, path, target, exited)
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		killed := <-exited != nil
		before := countRows(t, path, "changes")
		t.Logf("seed %d round %d: killed=%v at %d (target %d, reached %v) of %d change keys recorded",
			seed, round, killed, before, target, reached, len(want.Changes))

		l := openAt(t, path)
		_, err := l.Apply(context.Background(), planActions(crashServices), applyAt)
		must(t, err)
		if d := diffState(snapshot(t, l, crashServices), want); d != "" {
			t.Fatalf("seed %d round %d: after the crash and a rerun: %s", seed, round, d)
		}
		must(t, l.Close())
	}
}

// waitForChanges polls the ledger at path until it records at least n
// change keys, and reports whether it did; it gives up when the applier
// exits first (its result is put back on exited) or after a minute.
func waitForChanges(t *testing.T, path string, n int, exited chan error) bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	must(t, err)
	defer db.Close()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(time.Minute)
	for {
		var got int
		if err := db.QueryRow(`SELECT count(*) FROM changes`).Scan(&got); err == nil && got >= n {
			return true
		}
		select {
		case err := <-exited:
			exited <- err
			return false
		case <-deadline:
			t.Fatalf("the applier recorded fewer than %d change keys in a minute", n)
		case <-tick.C:
		}
	}
}

// TestOverlappingAppliersApplyOnce runs three appliers of the same plan at
// once on one file: two goroutines sharing a Ledger and one with its own.
func TestOverlappingAppliersApplyOnce(t *testing.T) {
	want, ref := referenceState(t)
	path := seededCopy(t)
	shared, own := openAt(t, path), openAt(t, path)
	plan := planActions(crashServices)
	reports := make([]ledger.ApplyReport, 3)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i, l := range []*ledger.Ledger{shared, shared, own} {
		wg.Go(func() {
			var err error
			reports[i], err = l.Apply(context.Background(), plan, applyAt)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if d := diffState(snapshot(t, own, crashServices), want); d != "" {
		t.Fatal(d)
	}
	// Each change the lone run applied was applied by exactly one applier.
	applied := 0
	for _, r := range reports {
		applied += changesApplied(r)
	}
	if wantApplied := changesApplied(ref); applied != wantApplied {
		t.Fatalf("%d changes applied by three appliers, %d by one", applied, wantApplied)
	}
	t.Logf("changes applied by each: %d %d %d", changesApplied(reports[0]), changesApplied(reports[1]),
		changesApplied(reports[2]))
}

// changesApplied counts the changes a report applied. OS value lists are
// left out: under overlap a lagging applier may put back a list a faster
// one replaced, and the faster one its own again (see Apply).
func changesApplied(r ledger.ApplyReport) int {
	n := 0
	for _, res := range r.Results {
		if res.Type == rpc.ActionChange && res.Outcome == ledger.Applied {
			n++
		}
	}
	return n
}

// TestOverlappingProcessesApplyOnce runs two helper processes applying the
// same plan to one file at once.
func TestOverlappingProcessesApplyOnce(t *testing.T) {
	want, ref := referenceState(t)
	path := seededCopy(t)
	applied := 0
	type helper struct {
		cmd *exec.Cmd
		out *bufio.Reader
	}
	var helpers []helper
	for range 2 {
		cmd, out := startHelper(t, path)
		helpers = append(helpers, helper{cmd, out})
	}
	for _, h := range helpers {
		rest, err := io.ReadAll(h.out)
		must(t, err)
		must(t, h.cmd.Wait())
		n, err := strconv.Atoi(string(rest[:len(rest)-1]))
		if err != nil {
			t.Fatalf("helper printed %q", rest)
		}
		applied += n
	}
	if wantApplied := changesApplied(ref); applied != wantApplied {
		t.Fatalf("%d changes applied by two processes, %d by one", applied, wantApplied)
	}
	l := openAt(t, path)
	if d := diffState(snapshot(t, l, crashServices), want); d != "" {
		t.Fatal(d)
	}
}
