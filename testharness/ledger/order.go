package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"osaddon/rpc"
)

// Payment is what paying an order did.
type Payment struct {
	// Outcome is PaidNow, PaidBefore or Free.
	Outcome PaymentOutcome
	// Amount is the add-on's part of the order price, canonical, when it
	// is not zero.
	Amount rpc.Amount
}

// PaymentOutcome says how an order was paid.
type PaymentOutcome string

// The payment outcomes.
const (
	// PaidNow: the price was taken now.
	PaidNow PaymentOutcome = "charged"
	// PaidBefore: the order's money key was taken by an earlier payment
	// (an open that failed after payment is restarted).
	PaidBefore PaymentOutcome = "paid_before"
	// Free: the price is zero; nothing is recorded.
	Free PaymentOutcome = "free"
)

// PayOrder takes the add-on's part of a new service's order price, as the
// billing core does when the client pays the cart: the price comes from
// the module's quote, before any VM exists. It is taken under the money key
// order:<service>, at most once; a zero price records nothing. It returns
// ErrInsufficientFunds, changing nothing, when the account cannot pay: the
// order stays unpaid and is never opened.
func (l *Ledger) PayOrder(ctx context.Context, serviceID string, price rpc.PriceBreakdown, at time.Time) (Payment, error) {
	amount, err := parseAmount(string(price.Amount))
	if err != nil || amount.IsNegative() {
		return Payment{}, fmt.Errorf("%w: order price %q", ErrInvalid, price.Amount)
	}
	if amount.IsZero() {
		return Payment{Outcome: Free}, nil
	}
	key := "order:" + serviceID
	var pay Payment
	err = l.write(ctx, func(tx *sql.Tx) error {
		svc, err := loadService(ctx, tx, serviceID)
		if err != nil {
			return err
		}
		acc, err := loadAccount(ctx, tx, svc.Account.ID)
		if err != nil {
			return err
		}
		if price.Currency != acc.currency.Code() {
			return fmt.Errorf("%w: order price in %s for an account in %s", ErrInvalid, price.Currency, acc.currency.Code())
		}
		if !inMinorUnits(amount, acc.currency) {
			return fmt.Errorf("%w: order price %s is not in %s's minor unit", ErrInvalid, price.Amount, acc.currency)
		}
		pay = Payment{Outcome: PaidBefore, Amount: rpc.Amount(canonical(amount, acc.currency))}
		if taken, err := moneyKeyTaken(ctx, tx, key); err != nil || taken {
			return err
		}
		if acc.balance.Add(acc.limit).LessThan(amount) {
			return fmt.Errorf("%w: account %s cannot pay the order's %s %s", ErrInsufficientFunds, acc.id,
				canonical(amount, acc.currency), acc.currency.Code())
		}
		balance := acc.balance.Sub(amount)
		m := moneyIn{Money: &rpc.Money{Key: key, PeriodStart: svc.PeriodStart, PeriodEnd: svc.PeriodEnd,
			Description: fmt.Sprintf("order: %s for %d months", price.Value, price.Months)}, amount: amount}
		if err := insertEntry(ctx, tx, "charge", m, &rpc.Change{Key: key}, svc, acc, balance, at); err != nil {
			return err
		}
		pay.Outcome = PaidNow
		return setBalance(ctx, tx, acc, balance)
	})
	return pay, err
}
