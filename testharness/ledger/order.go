package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"osaddon/rpc"
)

// ChargeOrder takes the add-on's part of a new service's order price, as
// the billing core does when the client orders: under the money key
// order:<service>, at most once. A zero price records nothing. It returns
// ErrInsufficientFunds, changing nothing, when the account cannot pay.
func (l *Ledger) ChargeOrder(ctx context.Context, serviceID string, price rpc.PriceBreakdown, at time.Time) (rpc.Amount, error) {
	amount, err := parseAmount(string(price.Amount))
	if err != nil || amount.IsNegative() {
		return "", fmt.Errorf("%w: order price %q", ErrInvalid, price.Amount)
	}
	if amount.IsZero() {
		return "", nil
	}
	key := "order:" + serviceID
	var charged rpc.Amount
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
		charged = rpc.Amount(canonical(amount, acc.currency))
		return setBalance(ctx, tx, acc, balance)
	})
	return charged, err
}
