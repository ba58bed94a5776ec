package ledger_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

var (
	periodStart = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	periodEnd   = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	applyAt     = time.Date(2026, 3, 11, 0, 30, 0, 0, time.UTC)
)

const connection = "vm5"

func testTariff() rpc.Tariff {
	return rpc.Tariff{ID: "vps-1", Name: "VPS 1", Periods: []int{1}, Addon: rpc.Addon{
		InternalName: "ostempl", BillingType: "order", Default: "free",
		Values: []rpc.AddonValue{
			{InternalName: "free", Prices: []rpc.Price{{Months: 1, Currency: "EUR", Amount: "0.00"}}},
			{InternalName: "win", Prices: []rpc.Price{{Months: 1, Currency: "EUR", Amount: "10.10"}}},
		},
	}}
}

// openLedger opens a ledger in a fresh temporary directory.
func openLedger(tb testing.TB) *ledger.Ledger {
	tb.Helper()
	return openAt(tb, filepath.Join(tb.TempDir(), "ledger.db"))
}

func openAt(tb testing.TB, path string) *ledger.Ledger {
	tb.Helper()
	l, err := ledger.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { l.Close() })
	return l
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func service(id, accountID string) rpc.Service {
	return rpc.Service{ID: id, Account: rpc.Account{ID: accountID}, TariffID: "vps-1", PeriodMonths: 1,
		PeriodStart: periodStart, PeriodEnd: periodEnd, AddonValue: "free", Params: map[string]string{ledger.OSParam: "linux"},
		VMID: "vm-" + id, Connection: connection, Status: "active"}
}

// The plan fixture: n services over accounts of three kinds.
//
//   - rich: plenty of money; every change is paid.
//   - poor: 1.00 EUR, no credit, notify_admin; every charge is refused.
//   - debtor: nothing, allow_debt; every charge is taken into debt.
//
// Each service gets four changes: free→win with a charge, win→free, free→win
// again under the same money key (paid once), win→free with a refund. A
// poor account only ever sees refused charges, so its balance never grows
// and a refused change stays refused whenever it is retried: the final
// state does not depend on how applies interleave or restart.
const accountsInPlan = 20

func accountKind(i int) string {
	switch i % 5 {
	case 0:
		return "poor"
	case 1:
		return "debtor"
	}
	return "rich"
}

func accountID(i int) string { return fmt.Sprintf("acc%03d", i%accountsInPlan) }

func seedPlan(tb testing.TB, l *ledger.Ledger, services int) {
	tb.Helper()
	ctx := context.Background()
	must(tb, l.PutTariff(ctx, testTariff()))
	for i := range accountsInPlan {
		a := rpc.Account{ID: accountID(i), Currency: "EUR", Balance: "1000000", CreditLimit: "50"}
		switch accountKind(i) {
		case "poor":
			a.Balance, a.CreditLimit = "1.00", "0"
		case "debtor":
			a.Balance, a.CreditLimit = "0", "0"
		}
		must(tb, l.PutAccount(ctx, a))
	}
	for i := range services {
		must(tb, l.PutService(ctx, service(fmt.Sprintf("s%05d", i), accountID(i))))
	}
}

func planActions(services int) []rpc.Action {
	var plan []rpc.Action
	for i := range services {
		id := fmt.Sprintf("s%05d", i)
		policy := rpc.PolicyNotifyAdmin
		if accountKind(i%accountsInPlan) == "debtor" {
			policy = rpc.PolicyAllowDebt
		}
		charge := &rpc.Money{Key: "charge:" + id + ":win:2026-03-01", Amount: "10.10", Currency: "EUR",
			PeriodStart: periodStart, PeriodEnd: periodEnd, Description: "Windows, 31 of 31 days"}
		fallback := &rpc.Fallback{Policy: policy, Notification: &rpc.Notification{
			Key: "notice:insufficient_funds:" + id, Kind: rpc.NoticeInsufficientFunds, Audience: rpc.AudienceAdmin,
			ServiceID: id, Value: "win", Message: "cannot pay for Windows"}}
		refund := &rpc.Money{Key: "refund:" + id + ":win:2026-03-01", Amount: "3.37", Currency: "EUR",
			PeriodStart: periodStart, PeriodEnd: periodEnd, Description: "Windows removed"}
		plan = append(plan,
			changeAction(id, "r0", "free", "win", charge, nil, fallback),
			changeAction(id, "r1", "win", "free", nil, nil, nil),
			changeAction(id, "r2", "free", "win", charge, nil, fallback),
			changeAction(id, "r3", "win", "free", nil, refund, nil),
		)
		if i%50 == 0 {
			plan = append(plan,
				rpc.Action{Type: rpc.ActionNotification, Notification: &rpc.Notification{
					Key: fmt.Sprintf("notice:orphan_vm:%d", i), Kind: rpc.NoticeOrphanVM, Audience: rpc.AudienceAdmin,
					VMID: fmt.Sprint(i), Connection: connection, Message: "VM has no service"}},
				rpc.Action{Type: rpc.ActionOSValues, OSValues: &rpc.OSValues{
					Key: fmt.Sprintf("os_values:%s:%d", connection, i/100), Connection: connection,
					Values: []rpc.OSValue{{InternalName: "linux"}, {InternalName: "win"}}}})
		}
	}
	return plan
}

func changeAction(id, revision, from, to string, charge, refund *rpc.Money, fallback *rpc.Fallback) rpc.Action {
	template := map[string]string{"free": "linux", "win": "win"}[to]
	return rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{
		Key:       strings.Join([]string{"change", id, from, to, template, "2026-03-01", revision}, ":"),
		ServiceID: id, Addon: &rpc.AddonChange{From: from, To: to},
		Params: map[string]string{ledger.OSParam: template}, Charge: charge, Refund: refund,
		OnInsufficientFunds: fallback,
	}}
}

// state is everything Apply writes, without the sequence numbers, for
// comparing two ledgers.
type state struct {
	Accounts      []rpc.Account
	Services      []rpc.Service
	Entries       []ledger.Entry
	Changes       []ledger.ChangeRecord
	Notifications []ledger.Notice
	OSValues      rpc.OSValues
}

func snapshot(tb testing.TB, l *ledger.Ledger, services int) state {
	tb.Helper()
	ctx := context.Background()
	var s state
	for i := range accountsInPlan {
		a, err := l.Account(ctx, accountID(i))
		must(tb, err)
		s.Accounts = append(s.Accounts, a)
	}
	for i := range services {
		svc, err := l.Service(ctx, fmt.Sprintf("s%05d", i))
		must(tb, err)
		s.Services = append(s.Services, svc)
	}
	var err error
	s.Entries, err = l.Entries(ctx)
	must(tb, err)
	for i := range s.Entries {
		s.Entries[i].Seq = 0
	}
	s.Changes, err = l.Changes(ctx)
	must(tb, err)
	for i := range s.Changes {
		s.Changes[i].Seq = 0
	}
	s.Notifications, err = l.Notifications(ctx)
	must(tb, err)
	for i := range s.Notifications {
		s.Notifications[i].Seq = 0
	}
	if services > 0 {
		s.OSValues, err = l.OSValues(ctx, connection)
		must(tb, err)
	}
	return s
}

// diffState reports the first difference between two states, or "".
func diffState(got, want state) string {
	if d := diffSlices("account", got.Accounts, want.Accounts); d != "" {
		return d
	}
	if d := diffSlices("service", got.Services, want.Services); d != "" {
		return d
	}
	if d := diffSlices("entry", got.Entries, want.Entries); d != "" {
		return d
	}
	if d := diffSlices("change", got.Changes, want.Changes); d != "" {
		return d
	}
	if d := diffSlices("notification", got.Notifications, want.Notifications); d != "" {
		return d
	}
	if g, w := fmt.Sprint(got.OSValues), fmt.Sprint(want.OSValues); g != w {
		return fmt.Sprintf("OS values %s, want %s", g, w)
	}
	return ""
}

func diffSlices[T any](what string, got, want []T) string {
	for i := range min(len(got), len(want)) {
		if g, w := fmt.Sprintf("%+v", got[i]), fmt.Sprintf("%+v", want[i]); g != w {
			return fmt.Sprintf("%s %d:\n got %s\nwant %s", what, i, g, w)
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d %ss, want %d", len(got), what, len(want))
	}
	return ""
}

// expectedEntries counts the entries the plan must leave: rich and debtor
// services pay one charge and get one refund each; poor ones nothing.
func expectedEntries(services int) int {
	n := 0
	for i := range services {
		if accountKind(i%accountsInPlan) != "poor" {
			n += 2
		}
	}
	return n
}
