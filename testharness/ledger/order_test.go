package ledger_test

import (
	"context"
	"errors"
	"testing"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

// TestPayOrderOnceOrNotAtAll: an order the account cannot pay takes
// nothing; once paid, paying again (an open restarted after payment)
// takes nothing more; a free order records nothing; a price off the
// currency's minor unit is refused.
func TestPayOrderOnceOrNotAtAll(t *testing.T) {
	ctx := context.Background()
	l := seedOne(t, "5.00", "0")
	price := rpc.PriceBreakdown{Template: "win", Value: "win", MatchedBy: "exact", Months: 1, Amount: "10.1", Currency: "EUR"}
	if _, err := l.PayOrder(ctx, "42", price, applyAt); !errors.Is(err, ledger.ErrInsufficientFunds) {
		t.Fatalf("unpaid order: err = %v", err)
	}
	checkBalance(t, l, "5.00")
	must(t, l.TopUp(ctx, "a1", "20.00"))
	for _, want := range []ledger.PaymentOutcome{ledger.PaidNow, ledger.PaidBefore} {
		pay, err := l.PayOrder(ctx, "42", price, applyAt)
		if err != nil || pay.Outcome != want || pay.Amount != "10.10" {
			t.Fatalf("payment = %+v, %v; want %s of 10.10", pay, err, want)
		}
	}
	checkBalance(t, l, "14.90")
	entries, err := l.Entries(ctx)
	must(t, err)
	if len(entries) != 1 || entries[0].MoneyKey != "order:42" {
		t.Fatalf("entries = %+v, want one under order:42", entries)
	}
	free := price
	free.Amount = "0.00"
	if pay, err := l.PayOrder(ctx, "42", free, applyAt); err != nil || pay.Outcome != ledger.Free {
		t.Fatalf("free order = %+v, %v", pay, err)
	}
	odd := price
	odd.Amount = "1.005"
	if _, err := l.PayOrder(ctx, "42", odd, applyAt); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("price below the minor unit: err = %v", err)
	}
	checkBalance(t, l, "14.90")
}
