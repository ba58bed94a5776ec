package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
)

// ValuePrice is the exact, unrounded price of a value for a period: the
// catalog price, or for a per-core value the pack price ×
// ceil(max(cores, MinCores) / PackSize). It is an intermediate value.
func ValuePrice(t catalog.Tariff, value string, months int, cur money.Currency, cores int) (money.Money, error) {
	unit, err := t.Price(value, months, cur)
	if err != nil {
		return money.Money{}, err
	}
	price := money.New(unit, cur)
	v, _ := t.Addon.Value(value) // Price found it
	if v.PerCore == nil {
		return price, nil
	}
	if cores < 1 {
		return money.Money{}, fieldError(fmt.Sprintf("tariff %q: value %q: cores", t.ID, value), ErrCores,
			"%d cores for a per-core value", cores)
	}
	return price.Mul(decimal.NewFromInt(int64(v.PerCore.Packs(cores)))), nil
}

// OrderPrice is the add-on's price in an order, rounded once. Seed: "If
// the client selects the OS which internal name matches the internal name
// of the enumeration value, the price of the selected operating system
// will be added to the order price." The value comes from mapping.
func OrderPrice(t catalog.Tariff, value string, months int, cur money.Currency, cores int) (money.Money, error) {
	price, err := ValuePrice(t, value, months, cur, cores)
	if err != nil {
		return money.Money{}, err
	}
	return price.Round(), nil
}

// RenewalPrice is the add-on's price for the service's next period of
// months at its current value, rounded once.
func RenewalPrice(t catalog.Tariff, s catalog.Service, months int, cur money.Currency) (money.Money, error) {
	return OrderPrice(t, s.AddonValue, months, cur, s.Cores)
}
