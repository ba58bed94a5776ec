package catalog

import (
	"fmt"

	"github.com/shopspring/decimal"

	"osaddon/plugin/money"
)

// Account is a client account: what it is billed in and what it can pay.
type Account struct {
	ID       string
	Currency money.Currency
	// Balance may be negative when the account is in debt.
	Balance decimal.Decimal
	// CreditLimit is how far below zero the balance may go; never negative.
	CreditLimit decimal.Decimal
}

// Validate checks ids, currency and amounts.
func (a Account) Validate() error {
	if a.ID == "" {
		return fieldError("account id", ErrEmpty, "empty")
	}
	field := fmt.Sprintf("account %q", a.ID)
	if a.Currency.IsZero() {
		return fieldError(field+": currency", ErrCurrency, "empty")
	}
	if err := money.CheckAmount(a.Balance); err != nil {
		return fieldError(field+": balance", ErrAmount, "%v", err)
	}
	if a.CreditLimit.IsNegative() {
		return fieldError(field+": credit limit", ErrNegativePrice, "negative amount %s", money.New(a.CreditLimit, a.Currency).Exact())
	}
	if err := money.CheckAmount(a.CreditLimit); err != nil {
		return fieldError(field+": credit limit", ErrAmount, "%v", err)
	}
	return nil
}
