package ledger_test

import (
	"context"
	"testing"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

func withNotice(m *rpc.Money) *rpc.Money {
	m.ClientNotice = &rpc.Notification{Key: "client:" + m.Key, Kind: rpc.NoticeAddonCharged, Audience: rpc.AudienceClient,
		ServiceID: "42", Value: "win", Message: "We charged " + string(m.Amount) + " EUR"}
	return m
}

func clientNotices(t *testing.T, l *ledger.Ledger) []ledger.Notice {
	t.Helper()
	all, err := l.Notifications(context.Background())
	must(t, err)
	var out []ledger.Notice
	for _, n := range all {
		if n.Audience == rpc.AudienceClient {
			out = append(out, n)
		}
	}
	return out
}

// The client hears of a charge exactly when the ledger takes it: not when
// the account cannot pay, not twice when the money key is taken already,
// not for a dry run.
func TestClientNoticeOnlyWithTheMoney(t *testing.T) {
	l := seedOne(t, "5.00", "0")
	charge := changeAction("42", "r1", "free", "win", withNotice(winCharge("10.00")), nil, notifyAdmin())
	dry := changeAction("42", "r0", "free", "win", withNotice(winCharge("10.00")), nil, nil)
	dry.Change.DryRun = true
	checkOutcome(t, apply(t, l, dry), 0, ledger.DryRun)
	checkOutcome(t, apply(t, l, charge), 0, ledger.InsufficientFunds)
	if n := clientNotices(t, l); len(n) != 0 {
		t.Fatalf("client notices without a charge: %+v", n)
	}
	must(t, l.TopUp(context.Background(), "a1", "20.00"))
	checkOutcome(t, apply(t, l, charge), 0, ledger.Applied)
	n := clientNotices(t, l)
	if len(n) != 1 || n[0].Key != "client:charge:42:win:2026-03-01" || n[0].ChangeKey != charge.Change.Key {
		t.Fatalf("client notices = %+v", n)
	}
	// The same money under another change: applied without the money, so
	// without a second notice.
	back := changeAction("42", "r2", "win", "free", nil, nil, nil)
	again := changeAction("42", "r3", "free", "win", withNotice(winCharge("10.00")), nil, notifyAdmin())
	r := apply(t, l, back, again)
	if res := checkOutcome(t, r, 1, ledger.Applied); !res.MoneyTaken {
		t.Fatalf("result = %+v", res)
	}
	if n := clientNotices(t, l); len(n) != 1 {
		t.Fatalf("client notices = %+v", n)
	}
	checkBalance(t, l, "15.00")
}

func TestClientNoticeMalformedIsIgnored(t *testing.T) {
	l := seedOne(t, "50.00", "0")
	m := withNotice(winCharge("10.00"))
	m.ClientNotice.Audience = rpc.AudienceAdmin
	checkOutcome(t, apply(t, l, changeAction("42", "r1", "free", "win", m, nil, nil)), 0, ledger.Ignored)
	checkBalance(t, l, "50.00")
}
