package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

func TestServicesPagesByKeyset(t *testing.T) {
	l := openLedger(t)
	ctx := context.Background()
	seedPlan(t, l, 7)
	other := service("s00003x", accountID(0))
	other.Connection = "vm6"
	must(t, l.PutService(ctx, other))
	missing := service("s00006", accountID(6))
	missing.TariffID = "gone"
	must(t, l.PutService(ctx, missing))
	host := ledger.NewHost(l)

	var ids []string
	cursor, pages := "", 0
	for {
		page, err := host.Services(ctx, &rpc.ServicesParams{Connection: connection, Cursor: cursor, Limit: 3})
		must(t, err)
		pages++
		for _, s := range page.Services {
			ids = append(ids, s.ID)
			if s.Account.Currency != "EUR" || s.Account.Balance == "" || s.Connection != connection {
				t.Fatalf("service without its account: %+v", s)
			}
		}
		// The last page holds only s00006, whose tariff is not in the
		// catalog: the host sends what it has.
		if wantTariffs := 1 - pages/3; len(page.Tariffs) != wantTariffs ||
			wantTariffs == 1 && page.Tariffs[0].ID != "vps-1" {
			t.Fatalf("page %d tariffs %+v", pages, page.Tariffs)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if fmt.Sprint(ids) != "[s00000 s00001 s00002 s00003 s00004 s00005 s00006]" || pages != 3 {
		t.Fatalf("%d pages of %v", pages, ids)
	}
	// The revision travels: apply one change and read the page again.
	apply(t, l, changeAction("s00001", "r0", "free", "win", nil, nil, nil))
	page, err := l.ServicesPage(ctx, &rpc.ServicesParams{Connection: connection, Cursor: "s00000", Limit: 1})
	must(t, err)
	if s := page.Services[0]; s.ID != "s00001" || s.Revision != 1 || s.AddonValue != "win" || page.NextCursor != "s00001" {
		t.Fatalf("page %+v", page)
	}
	page, err = l.ServicesPage(ctx, &rpc.ServicesParams{Connection: "none", Limit: 10})
	must(t, err)
	if len(page.Services) != 0 || page.Services == nil || page.NextCursor != "" {
		t.Fatalf("empty page %+v", page)
	}
	var rpcErr *rpc.Error
	if _, err := l.ServicesPage(ctx, &rpc.ServicesParams{Connection: connection}); !errors.As(err, &rpcErr) {
		t.Fatalf("limit 0: %v, want an rpc error", err)
	}
}

func TestHostProgressCallback(t *testing.T) {
	host := ledger.NewHost(openLedger(t))
	host.Progress(context.Background(), &rpc.ProgressParams{RunID: "r", Done: 1}) // no callback: dropped
	var got []rpc.ProgressParams
	host.OnProgress(func(p rpc.ProgressParams) { got = append(got, p) })
	host.Progress(context.Background(), &rpc.ProgressParams{RunID: "r", Phase: "vms", Done: 2, Total: 5})
	host.Progress(context.Background(), nil)
	if len(got) != 1 || got[0].Done != 2 {
		t.Fatalf("progress %+v", got)
	}
}

func TestLeaseExcludesAnotherHolderUntilItExpires(t *testing.T) {
	path := t.TempDir() + "/ledger.db"
	a, b := openAt(t, path), openAt(t, path)
	ctx := context.Background()
	now := applyAt
	acquire := func(l *ledger.Ledger, holder string, at time.Time) bool {
		t.Helper()
		ok, err := l.AcquireLease(ctx, "sync:vm5", holder, time.Minute, at)
		must(t, err)
		return ok
	}
	if !acquire(a, "h1", now) {
		t.Fatal("first holder did not get a free lease")
	}
	if acquire(b, "h2", now.Add(59*time.Second)) {
		t.Fatal("second holder got a held lease")
	}
	if !acquire(a, "h1", now.Add(30*time.Second)) {
		t.Fatal("holder could not renew")
	}
	if acquire(b, "h2", now.Add(89*time.Second)) {
		t.Fatal("renewal did not extend the lease")
	}
	if !acquire(b, "h2", now.Add(90*time.Second)) {
		t.Fatal("second holder did not get an expired lease")
	}
	must(t, a.ReleaseLease(ctx, "sync:vm5", "h1")) // not h1's any more: no effect
	if acquire(a, "h1", now.Add(91*time.Second)) {
		t.Fatal("release by a former holder freed the lease")
	}
	must(t, b.ReleaseLease(ctx, "sync:vm5", "h2"))
	if !acquire(a, "h1", now.Add(92*time.Second)) {
		t.Fatal("released lease not free")
	}
	if _, err := a.AcquireLease(ctx, "x", "h", 0, now); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("ttl 0: %v", err)
	}
}

func TestLeaseRaceHasOneWinner(t *testing.T) {
	path := t.TempDir() + "/ledger.db"
	const holders = 8
	ledgers := make([]*ledger.Ledger, holders)
	for i := range ledgers {
		ledgers[i] = openAt(t, path)
	}
	wins := make(chan string, holders)
	errs := make(chan error, holders)
	for i, l := range ledgers {
		go func() {
			holder := fmt.Sprintf("h%d", i)
			ok, err := l.AcquireLease(context.Background(), "sync:vm5", holder, time.Hour, applyAt)
			if ok {
				wins <- holder
			}
			errs <- err
		}()
	}
	for range holders {
		must(t, <-errs)
	}
	close(wins)
	if n := len(wins); n != 1 {
		t.Fatalf("%d holders got the lease", n)
	}
}

func TestRuns(t *testing.T) {
	l := openLedger(t)
	ctx := context.Background()
	must(t, l.StartRun(ctx, "run-2", connection, applyAt.Add(4*time.Hour), false))
	must(t, l.StartRun(ctx, "run-1", connection, applyAt, true))
	must(t, l.StartRun(ctx, "run-1", connection, applyAt, true)) // resumed after a crash
	if err := l.StartRun(ctx, "run-1", connection, applyAt, false); !errors.Is(err, ledger.ErrRunExists) {
		t.Fatalf("restart with another flag: %v", err)
	}
	summary := rpc.SyncSummary{Connection: connection, Complete: true, VMs: 3, Services: 3, Changes: 1, Charges: 1,
		Skipped: 2, SkippedByReason: rpc.SkipCounts{Installing: 1, ServiceInvalid: 1}}
	must(t, l.FinishRun(ctx, "run-1", summary, "ok", applyAt.Add(time.Second)))
	if err := l.StartRun(ctx, "run-1", connection, applyAt, true); !errors.Is(err, ledger.ErrRunExists) {
		t.Fatalf("restart of a finished run: %v", err)
	}
	if err := l.FinishRun(ctx, "nope", summary, "ok", applyAt); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("finish of an unknown run: %v", err)
	}
	runs, err := l.Runs(ctx)
	must(t, err)
	if len(runs) != 2 || runs[0].ID != "run-1" || !runs[0].DryRun || runs[0].Outcome != "ok" ||
		runs[0].Summary == nil || *runs[0].Summary != summary || !runs[0].FinishedAt.Equal(applyAt.Add(time.Second)) {
		t.Fatalf("runs[0] %+v", runs[0])
	}
	if r := runs[1]; r.ID != "run-2" || !r.FinishedAt.IsZero() || r.Summary != nil || !r.AsOf.Equal(applyAt.Add(4*time.Hour)) {
		t.Fatalf("runs[1] %+v", r)
	}
}
