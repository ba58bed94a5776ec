package ledger_test

import (
	"context"
	"testing"
	"time"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

// TestRenewalsCountFromTheAnchor: a service started on 31 January 2024
// renews into 29 February → 31 March → 30 April → 31 May: every end is
// counted from its first day, month ends clamped, and never drifts to the
// 29th after February.
func TestRenewalsCountFromTheAnchor(t *testing.T) {
	ctx := context.Background()
	l := openLedger(t)
	must(t, l.PutTariff(ctx, testTariff()))
	must(t, l.PutAccount(ctx, rpc.Account{ID: "a1", Currency: "EUR", Balance: "100.00", CreditLimit: "0"}))
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	s := service("42", "a1")
	s.AddonValue, s.Params = "win", map[string]string{ledger.OSParam: "win"}
	s.PeriodStart, s.PeriodEnd = day(time.January, 31), day(time.February, 29)
	must(t, l.PutService(ctx, s))
	got, err := l.RenewDue(ctx, day(time.May, 1))
	must(t, err)
	want := []time.Time{day(time.February, 29), day(time.March, 31), day(time.April, 30)}
	if len(got) != len(want) {
		t.Fatalf("renewals = %+v, want starts %v", got, want)
	}
	for i, r := range got {
		if !r.PeriodStart.Equal(want[i]) || r.Charged != "10.10" {
			t.Errorf("renewal %d = %+v, want start %s charged 10.10", i, r, want[i].Format(time.DateOnly))
		}
	}
	svc, err := l.Service(ctx, "42")
	must(t, err)
	if !svc.PeriodStart.Equal(day(time.April, 30)) || !svc.PeriodEnd.Equal(day(time.May, 31)) {
		t.Fatalf("period = %s – %s, want 2024-04-30 – 2024-05-31", svc.PeriodStart.Format(time.DateOnly), svc.PeriodEnd.Format(time.DateOnly))
	}
	checkBalance(t, l, "69.70")
}
