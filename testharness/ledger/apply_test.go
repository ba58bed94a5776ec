package ledger_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

// seedOne seeds the tariff, one account and one service "42" on "free".
func seedOne(t *testing.T, balance, limit rpc.Amount) *ledger.Ledger {
	t.Helper()
	l := openLedger(t)
	ctx := context.Background()
	must(t, l.PutTariff(ctx, testTariff()))
	must(t, l.PutAccount(ctx, rpc.Account{ID: "a1", Currency: "EUR", Balance: balance, CreditLimit: limit}))
	must(t, l.PutService(ctx, service("42", "a1")))
	return l
}

func apply(t *testing.T, l *ledger.Ledger, actions ...rpc.Action) ledger.ApplyReport {
	t.Helper()
	r, err := l.Apply(context.Background(), actions, applyAt)
	must(t, err)
	if len(r.Results) != len(actions) {
		t.Fatalf("%d results for %d actions", len(r.Results), len(actions))
	}
	return r
}

func winCharge(amount rpc.Amount) *rpc.Money {
	return &rpc.Money{Key: "charge:42:win:2026-03-01", Amount: amount, Currency: "EUR",
		PeriodStart: periodStart, PeriodEnd: periodEnd, Description: "Windows"}
}

func notifyAdmin() *rpc.Fallback {
	return &rpc.Fallback{Policy: rpc.PolicyNotifyAdmin, Notification: &rpc.Notification{
		Key: "notice:insufficient_funds:42", Kind: rpc.NoticeInsufficientFunds, Audience: rpc.AudienceAdmin,
		ServiceID: "42", Value: "win", Message: "cannot pay"}}
}

func checkOutcome(t *testing.T, r ledger.ApplyReport, i int, want ledger.Outcome) ledger.Result {
	t.Helper()
	if got := r.Results[i].Outcome; got != want {
		t.Fatalf("action %d outcome %q (%s), want %q", i, got, r.Results[i].Reason, want)
	}
	return r.Results[i]
}

func checkBalance(t *testing.T, l *ledger.Ledger, want rpc.Amount) {
	t.Helper()
	a, err := l.Account(context.Background(), "a1")
	must(t, err)
	if a.Balance != want {
		t.Fatalf("balance %s, want %s", a.Balance, want)
	}
}

func TestApplyChargesOnceAndMovesTheService(t *testing.T) {
	l := seedOne(t, "20", "0")
	ctx := context.Background()
	c := changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, notifyAdmin())
	c.Change.Params["ip"] = "10.0.0.5"
	c.Change.Params["vm_id"] = "77"
	r := apply(t, l, c)
	res := checkOutcome(t, r, 0, ledger.Applied)
	if res.Charged != "10.10" || res.Currency != "EUR" || res.Balance != "9.90" || res.MoneyTaken {
		t.Fatalf("result %+v", res)
	}
	checkBalance(t, l, "9.90")
	svc, err := l.Service(ctx, "42")
	must(t, err)
	if svc.AddonValue != "win" || svc.Params[ledger.OSParam] != "win" || svc.VMID != "77" || svc.Revision != 1 ||
		svc.Account.Balance != "9.90" {
		t.Fatalf("service %+v", svc)
	}
	params, err := l.ServiceParams(ctx, "42")
	must(t, err)
	if len(params) != 2 || params["ip"] != "10.0.0.5" || params[ledger.OSParam] != "win" {
		t.Fatalf("params %v", params)
	}

	// The same action again, alone or in a longer list, is a duplicate.
	r = apply(t, l, c, c)
	checkOutcome(t, r, 0, ledger.Duplicate)
	checkOutcome(t, r, 1, ledger.Duplicate)
	checkBalance(t, l, "9.90")
	entries, err := l.Entries(ctx)
	must(t, err)
	if len(entries) != 1 || entries[0].Amount != "10.10" || entries[0].BalanceAfter != "9.90" ||
		entries[0].Kind != "charge" || entries[0].ChangeKey != c.Change.Key || !entries[0].CreatedAt.Equal(applyAt) {
		t.Fatalf("entries %+v", entries)
	}
}

func TestApplyFlipInsideAPeriodPaysOnce(t *testing.T) {
	l := seedOne(t, "20", "0")
	r := apply(t, l,
		changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, notifyAdmin()),
		changeAction("42", "r1", "win", "free", nil, nil, nil),
		changeAction("42", "r2", "free", "win", winCharge("10.10"), nil, notifyAdmin()),
	)
	checkOutcome(t, r, 0, ledger.Applied)
	checkOutcome(t, r, 1, ledger.Applied)
	if res := checkOutcome(t, r, 2, ledger.Applied); !res.MoneyTaken || res.Charged != "" {
		t.Fatalf("second Windows change %+v, want applied without money", res)
	}
	checkBalance(t, l, "9.90")
	svc, err := l.Service(context.Background(), "42")
	must(t, err)
	if svc.AddonValue != "win" || svc.Revision != 3 {
		t.Fatalf("service %+v", svc)
	}
}

func TestApplyInsufficientFundsNotifiesAndRetries(t *testing.T) {
	l := seedOne(t, "5.00", "5.09") // 10.09 available, 10.10 needed
	ctx := context.Background()
	c := changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, notifyAdmin())
	for range 2 {
		r := apply(t, l, c)
		if res := checkOutcome(t, r, 0, ledger.InsufficientFunds); res.Charged != "" || res.Balance != "5.00" {
			t.Fatalf("result %+v", res)
		}
	}
	checkBalance(t, l, "5.00")
	svc, err := l.Service(ctx, "42")
	must(t, err)
	if svc.AddonValue != "free" || svc.Params[ledger.OSParam] != "linux" || svc.Revision != 0 {
		t.Fatalf("service changed: %+v", svc)
	}
	notes, err := l.Notifications(ctx)
	must(t, err)
	if len(notes) != 1 || notes[0].Key != "notice:insufficient_funds:42" || notes[0].ChangeKey != c.Change.Key {
		t.Fatalf("notifications %+v", notes)
	}
	changes, err := l.Changes(ctx)
	must(t, err)
	if len(changes) != 0 {
		t.Fatalf("refused change recorded: %+v", changes)
	}

	// One cent more and the retry goes through: exactly to the credit limit.
	must(t, l.TopUp(ctx, "a1", "0.01"))
	r := apply(t, l, c)
	if res := checkOutcome(t, r, 0, ledger.Applied); res.Balance != "-5.09" || res.InDebt {
		t.Fatalf("result %+v", res)
	}
	checkBalance(t, l, "-5.09")
}

func TestApplyAllowDebtChargesAnyway(t *testing.T) {
	l := seedOne(t, "1", "0")
	c := changeAction("42", "r0", "free", "win", winCharge("10.10"),
		nil, &rpc.Fallback{Policy: rpc.PolicyAllowDebt})
	r := apply(t, l, c)
	if res := checkOutcome(t, r, 0, ledger.Applied); !res.InDebt || res.Balance != "-9.10" {
		t.Fatalf("result %+v", res)
	}
	checkBalance(t, l, "-9.10")
}

func TestApplyWithoutFallbackNotifiesNobodyAndChangesNothing(t *testing.T) {
	l := seedOne(t, "1", "0")
	r := apply(t, l, changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, nil))
	checkOutcome(t, r, 0, ledger.InsufficientFunds)
	checkBalance(t, l, "1.00")
}

func TestApplyStaleIsRecordedAndNeverAppliesLater(t *testing.T) {
	l := seedOne(t, "100", "0")
	ctx := context.Background()
	stale := changeAction("42", "r0", "win", "free", nil, winCharge("1.00"), nil)
	r := apply(t, l, stale)
	if res := checkOutcome(t, r, 0, ledger.Stale); res.Reason == "" {
		t.Fatal("stale without a reason")
	}
	changes, err := l.Changes(ctx)
	must(t, err)
	if len(changes) != 1 || changes[0].Outcome != "skipped_stale" {
		t.Fatalf("changes %+v", changes)
	}
	// The service reaches "win" later; the old plan still does not apply.
	apply(t, l, changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, notifyAdmin()))
	r = apply(t, l, stale)
	if res := checkOutcome(t, r, 0, ledger.Duplicate); res.Reason != "recorded as skipped_stale" {
		t.Fatalf("result %+v", res)
	}
	checkBalance(t, l, "89.90")
}

func TestApplyRefundOnceAndParamsOnlyChange(t *testing.T) {
	l := seedOne(t, "0", "0")
	ctx := context.Background()
	refund := &rpc.Money{Key: "refund:42:win", Amount: "3.37", Currency: "EUR",
		PeriodStart: periodStart, PeriodEnd: periodEnd, Description: "Windows removed"}
	first := rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{Key: "k1", ServiceID: "42", Refund: refund}}
	second := rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{Key: "k2", ServiceID: "42", Refund: refund,
		Params: map[string]string{ledger.OSParam: "debian"}}}
	r := apply(t, l, first, second)
	if res := checkOutcome(t, r, 0, ledger.Applied); res.Refunded != "3.37" {
		t.Fatalf("result %+v", res)
	}
	if res := checkOutcome(t, r, 1, ledger.Applied); !res.MoneyTaken || res.Refunded != "" {
		t.Fatalf("result %+v", res)
	}
	checkBalance(t, l, "3.37")
	svc, err := l.Service(ctx, "42")
	must(t, err)
	if svc.AddonValue != "free" || svc.Params[ledger.OSParam] != "debian" || svc.Revision != 2 {
		t.Fatalf("service %+v", svc)
	}
}

func TestApplyIgnoresMalformedActions(t *testing.T) {
	l := seedOne(t, "100", "0")
	ctx := context.Background()
	bad := func(key string, m *rpc.Money, serviceID string) rpc.Action {
		return rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{Key: key, ServiceID: serviceID, Charge: m}}
	}
	usd := winCharge("1.00")
	usd.Currency = "USD"
	unrounded := winCharge("1.005")
	negative := winCharge("-1.00")
	float := winCharge("1e2")
	noKey := winCharge("1.00")
	noKey.Key = ""
	r := apply(t, l,
		bad("", winCharge("1.00"), "42"),
		bad("k-usd", usd, "42"),
		bad("k-unrounded", unrounded, "42"),
		bad("k-negative", negative, "42"),
		bad("k-float", float, "42"),
		bad("k-nokey", noKey, "42"),
		bad("k-unknown", winCharge("1.00"), "99"),
		rpc.Action{Type: rpc.ActionChange},
		rpc.Action{Type: "mystery"},
		rpc.Action{Type: rpc.ActionNotification, Notification: &rpc.Notification{Kind: "orphan_vm"}},
		rpc.Action{Type: rpc.ActionOSValues, OSValues: &rpc.OSValues{Key: "k"}},
	)
	for i, res := range r.Results {
		if res.Outcome != ledger.Ignored || res.Reason == "" {
			t.Errorf("action %d: %+v, want ignored with a reason", i, res)
		}
	}
	checkBalance(t, l, "100.00")
	changes, err := l.Changes(ctx)
	must(t, err)
	if len(changes) != 0 {
		t.Fatalf("ignored changes recorded: %+v", changes)
	}
}

func TestApplyDryRun(t *testing.T) {
	l := seedOne(t, "100", "0")
	ctx := context.Background()
	c := changeAction("42", "r0", "free", "win", winCharge("10.10"), nil, notifyAdmin())
	c.Change.DryRun = true
	r := apply(t, l, c)
	checkOutcome(t, r, 0, ledger.DryRun)
	checkBalance(t, l, "100.00")

	must(t, l.StartRun(ctx, "run-dry", connection, applyAt, true))
	notice := rpc.Action{Type: rpc.ActionNotification, Notification: &rpc.Notification{Key: "n1", Kind: "orphan_vm",
		Audience: "admin", Message: "m"}}
	if _, err := l.ApplyRun(ctx, "run-dry", []rpc.Action{notice}, applyAt); !errors.Is(err, ledger.ErrDryRun) {
		t.Fatalf("ApplyRun on a dry run: %v, want ErrDryRun", err)
	}
	if _, err := l.ApplyRun(ctx, "run-never", []rpc.Action{notice}, applyAt); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("ApplyRun on an unknown run: %v, want ErrNotFound", err)
	}
	notes, err := l.Notifications(ctx)
	must(t, err)
	if len(notes) != 0 {
		t.Fatalf("dry run recorded %+v", notes)
	}
	must(t, l.StartRun(ctx, "run-1", connection, applyAt, false))
	r, err = l.ApplyRun(ctx, "run-1", []rpc.Action{notice, notice}, applyAt)
	must(t, err)
	checkOutcome(t, r, 0, ledger.Notified)
	checkOutcome(t, r, 1, ledger.Duplicate)
}

func TestApplyOSValuesReplacesPerConnection(t *testing.T) {
	l := openLedger(t)
	ctx := context.Background()
	list := func(key string, names ...string) rpc.Action {
		v := &rpc.OSValues{Key: key, Connection: connection}
		for _, n := range names {
			v.Values = append(v.Values, rpc.OSValue{InternalName: n})
		}
		return rpc.Action{Type: rpc.ActionOSValues, OSValues: v}
	}
	r := apply(t, l, list("a", "linux"), list("a", "linux"), list("b", "linux", "win"), list("a", "linux"))
	for i, want := range []ledger.Outcome{ledger.Applied, ledger.Duplicate, ledger.Applied, ledger.Applied} {
		checkOutcome(t, r, i, want)
	}
	got, err := l.OSValues(ctx, connection)
	must(t, err)
	if got.Key != "a" || len(got.Values) != 1 {
		t.Fatalf("OS values %+v", got)
	}
	if _, err := l.OSValues(ctx, "other"); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("OSValues(other): %v", err)
	}
}

func TestApplyCanceledContextStops(t *testing.T) {
	l := seedOne(t, "100", "0")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := l.Apply(ctx, planActions(1), applyAt)
	if !errors.Is(err, context.Canceled) || len(r.Results) != 0 {
		t.Fatalf("Apply on a canceled context: %v, %d results", err, len(r.Results))
	}
}

func TestSeedingStoresCanonicalAmountsAndRefusesBadOnes(t *testing.T) {
	l := openLedger(t)
	ctx := context.Background()
	must(t, l.PutAccount(ctx, rpc.Account{ID: "jp", Currency: "JPY", Balance: "150", CreditLimit: ""}))
	must(t, l.PutAccount(ctx, rpc.Account{ID: "kw", Currency: "KWD", Balance: "-1.5", CreditLimit: "0.1"}))
	for id, want := range map[string][2]rpc.Amount{"jp": {"150", "0"}, "kw": {"-1.500", "0.100"}} {
		a, err := l.Account(ctx, id)
		must(t, err)
		if a.Balance != want[0] || a.CreditLimit != want[1] {
			t.Errorf("account %s: %+v, want %v", id, a, want)
		}
	}
	for _, a := range []rpc.Account{
		{ID: "", Currency: "EUR", Balance: "1"},
		{ID: "x", Currency: "eur", Balance: "1"},
		{ID: "x", Currency: "EUR", Balance: "1.0e3"},
		{ID: "x", Currency: "EUR", Balance: "1", CreditLimit: "-1"},
	} {
		if err := l.PutAccount(ctx, a); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("PutAccount(%+v): %v, want ErrInvalid", a, err)
		}
	}
	if err := l.TopUp(ctx, "jp", "0"); !errors.Is(err, ledger.ErrInvalid) {
		t.Errorf("TopUp(0): %v", err)
	}
	if err := l.TopUp(ctx, "nobody", "1"); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("TopUp(nobody): %v", err)
	}
	if err := l.PutService(ctx, service("1", "nobody")); err == nil {
		t.Error("PutService with an unknown account succeeded")
	}
	if _, err := l.Service(ctx, "1"); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("Service(1): %v", err)
	}
	if _, err := l.Tariff(ctx, "none"); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("Tariff(none): %v", err)
	}
}

func TestPutServiceEditMovesTheRevision(t *testing.T) {
	l := seedOne(t, "0", "0")
	ctx := context.Background()
	s := service("42", "a1")
	s.AddonValue = "win"
	must(t, l.PutService(ctx, s))
	got, err := l.Service(ctx, "42")
	must(t, err)
	if got.AddonValue != "win" || got.Revision != 1 {
		t.Fatalf("service %+v, want win at revision 1", got)
	}
	s.Revision = 7
	must(t, l.PutService(ctx, s))
	if got, _ = l.Service(ctx, "42"); got.Revision != 7 {
		t.Fatalf("revision %d, want 7", got.Revision)
	}
}

func TestTariffRoundTripKeepsDigits(t *testing.T) {
	l := openLedger(t)
	ctx := context.Background()
	tariff := testTariff()
	tariff.Addon.Values[1].Prices[0].Amount = "0.10"
	tariff.Addon.Values[1].PerCore = &rpc.PerCore{PackSize: 2, MinCores: 16}
	must(t, l.PutTariff(ctx, tariff))
	got, err := l.Tariff(ctx, "vps-1")
	must(t, err)
	if got.Addon.Values[1].Prices[0].Amount != "0.10" || got.Addon.Values[1].PerCore.MinCores != 16 {
		t.Fatalf("tariff %+v", got)
	}
}

func TestOpenIsIdempotentAndVersioned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	l := openAt(t, path)
	ctx := context.Background()
	must(t, l.PutAccount(ctx, rpc.Account{ID: "a1", Currency: "EUR", Balance: "1"}))
	must(t, l.Close())
	again := openAt(t, path)
	if _, err := again.Account(ctx, "a1"); err != nil {
		t.Fatalf("reopened ledger lost the account: %v", err)
	}
	must(t, again.Close())
	if _, err := ledger.Open(""); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("Open(\"\"): %v", err)
	}
}

func TestOpenRefusesAnotherSchema(t *testing.T) {
	for _, version := range []int{1, 99} {
		path := filepath.Join(t.TempDir(), "ledger.db")
		must(t, openAt(t, path).Close())
		db, err := sql.Open("sqlite", path)
		must(t, err)
		_, err = db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, version))
		must(t, err)
		must(t, db.Close())
		if _, err := ledger.Open(path); !errors.Is(err, ledger.ErrSchemaVersion) {
			t.Fatalf("Open of schema %d: %v, want ErrSchemaVersion", version, err)
		}
	}
}
