package catalog

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"osaddon/plugin/money"
)

// SellablePeriods are the period lengths in months a tariff may sell.
var SellablePeriods = []int{1, 3, 6, 12, 24, 36}

// Tariff is a tariff plan with its "Operating system" add-on.
type Tariff struct {
	ID   string
	Name string
	// Periods are the months the tariff sells, a subset of SellablePeriods.
	Periods []int
	Addon   Addon
}

// Validate checks the tariff's structure: ids, sold periods and the add-on.
// Prices are checked for sign and range here. A price list may be partial:
// a missing price blocks only the call that needs it (see Price).
func (t Tariff) Validate() error {
	if t.ID == "" {
		return fieldError("tariff id", ErrEmpty, "empty")
	}
	field := fmt.Sprintf("tariff %q", t.ID)
	if len(t.Periods) == 0 {
		return fieldError(field+": periods", ErrEmpty, "no period sold")
	}
	for i, months := range t.Periods {
		if !slices.Contains(SellablePeriods, months) {
			return fieldError(fmt.Sprintf("%s: periods[%d]", field, i), ErrPeriodNotSold,
				"%d months is not one of %v", months, SellablePeriods)
		}
		if slices.Contains(t.Periods[:i], months) {
			return fieldError(fmt.Sprintf("%s: periods[%d]", field, i), ErrDuplicate, "%d months listed twice", months)
		}
	}
	return t.Addon.validate(field, t.Periods)
}

// Sells reports whether the tariff sells a period of months.
func (t Tariff) Sells(months int) bool { return slices.Contains(t.Periods, months) }

// Price returns the value's unit price for a sold period in cur: the whole
// price, or the price of one pack for a per-core value. It fails with
// ErrUnknownValue, ErrPeriodNotSold or ErrPriceMissing.
func (t Tariff) Price(value string, months int, cur money.Currency) (decimal.Decimal, error) {
	field := fmt.Sprintf("tariff %q: addon %q: value %q", t.ID, t.Addon.InternalName, value)
	v, ok := t.Addon.Value(value)
	if !ok {
		return decimal.Decimal{}, fieldError(field, ErrUnknownValue, "not among the add-on's values")
	}
	if !t.Sells(months) {
		return decimal.Decimal{}, fieldError(fmt.Sprintf("%s: period", field), ErrPeriodNotSold,
			"tariff does not sell %d months", months)
	}
	if cur.IsZero() {
		return decimal.Decimal{}, fieldError(field+": currency", ErrCurrency, "empty")
	}
	price, ok := v.Prices[months][cur]
	if !ok {
		return decimal.Decimal{}, fieldError(priceField(field, months, cur), ErrPriceMissing, "no price")
	}
	return price, nil
}

func priceField(valueField string, months int, cur money.Currency) string {
	return fmt.Sprintf("%s: price for %d months in %s", valueField, months, cur)
}
