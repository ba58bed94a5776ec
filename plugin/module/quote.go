package module

import (
	"context"
	"errors"

	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
	"osaddon/plugin/pricing"
	"osaddon/rpc"
)

// Quote implements rpc.Module: the add-on's price in an order, or a
// tariff's order form, before anything is paid or created. It calls no
// panel, so it is served without a config too.
func (m *Module) Quote(_ context.Context, p *rpc.QuoteParams) (*rpc.QuoteResult, error) {
	tariff, err := m.tariff(p.Tariff, "tariff")
	if err != nil {
		return nil, err
	}
	cur, err := currencyFromWire(p.Currency, "currency")
	if err != nil {
		return nil, err
	}
	if p.CPUs < 0 || p.CPUs > catalog.MaxCores {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "cpus", "%d is not within 0..%d", p.CPUs, catalog.MaxCores)
	}
	if p.PeriodMonths != 0 && !tariff.Sells(p.PeriodMonths) {
		return nil, rpc.Errorf(rpc.CodeInvalidPeriod, "period_months", "tariff %q does not sell %d months", tariff.ID, p.PeriodMonths)
	}
	if p.Template != "" {
		if p.PeriodMonths == 0 {
			return nil, rpc.Errorf(rpc.CodeInvalidParams, "period_months", "required with template")
		}
		price, err := m.orderPrice(tariff, p.Template, p.PeriodMonths, cur, p.CPUs)
		if err != nil {
			return nil, err
		}
		return &rpc.QuoteResult{Price: &price}, nil
	}
	periods := tariff.Periods
	if p.PeriodMonths != 0 {
		periods = []int{p.PeriodMonths}
	}
	values, err := orderForm(tariff, periods, cur, max(p.CPUs, 1))
	if err != nil {
		return nil, err
	}
	return &rpc.QuoteResult{Values: values}, nil
}

// orderPrice is the add-on's part of an order: the value the template maps
// to and its rounded price. quote and open both price through it, so open
// takes what the cart showed.
func (m *Module) orderPrice(t catalog.Tariff, template string, months int, cur money.Currency, cpus int) (rpc.PriceBreakdown, error) {
	match := m.mapper.Map(t.Addon, template)
	price, err := pricing.OrderPrice(t, match.Value, months, cur, cpus)
	if err != nil {
		return rpc.PriceBreakdown{}, domainError(err, "tariff")
	}
	v, _ := t.Addon.Value(match.Value) // OrderPrice found it
	return rpc.PriceBreakdown{
		Template: template, Value: match.Value, MatchedBy: string(match.Match), Months: months,
		Amount: rpc.Amount(price.Decimal()), Currency: price.Currency.Code(),
		MinDiskMiB: v.MinDiskMiB, MinRAMMiB: v.MinRAMMiB,
	}, nil
}

// orderForm prices every value of the tariff for each period in cur. A
// missing price makes that value unorderable on that period, nothing more:
// catalogs sell some systems on some periods only.
func orderForm(t catalog.Tariff, periods []int, cur money.Currency, cpus int) ([]rpc.QuoteValue, error) {
	values := make([]rpc.QuoteValue, 0, len(t.Addon.Values))
	for _, v := range t.Addon.Values {
		qv := rpc.QuoteValue{InternalName: v.InternalName, Name: v.DisplayName,
			Default: v.InternalName == t.Addon.Default, Prices: []rpc.QuotePrice{},
			MinDiskMiB: v.MinDiskMiB, MinRAMMiB: v.MinRAMMiB}
		for _, months := range periods {
			price, err := pricing.OrderPrice(t, v.InternalName, months, cur, cpus)
			switch {
			case errors.Is(err, catalog.ErrPriceMissing):
				qv.Unpriced = append(qv.Unpriced, months)
			case err != nil:
				return nil, domainError(err, "tariff")
			default:
				qv.Prices = append(qv.Prices, rpc.QuotePrice{Months: months, Amount: rpc.Amount(price.Decimal()), Currency: price.Currency.Code()})
			}
		}
		values = append(values, qv)
	}
	return values, nil
}

// checkOpenMinimum refuses to open a VM of spec below the minimums of the
// value its template maps to (price.Value).
func checkOpenMinimum(t catalog.Tariff, price rpc.PriceBreakdown, spec rpc.VMSpec) error {
	return checkMinimum(t, price.Value, &rpc.VMSizes{DiskMiB: spec.DiskMiB, RAMMiB: spec.RAMMiB}, "vm")
}

// checkMinimum refuses a VM of sizes below value's minimum disk or memory;
// field is the sizes' wire path, such as "vm". Sizes not sent, or zero,
// are not checked.
func checkMinimum(t catalog.Tariff, value string, sizes *rpc.VMSizes, field string) error {
	v, ok := t.Addon.Value(value)
	if !ok || sizes == nil {
		return nil
	}
	short, below := v.BelowMinimum(sizes.DiskMiB, sizes.RAMMiB)
	if !below {
		return nil
	}
	what := "disk"
	if short.Resource == catalog.ResourceRAM {
		what = "memory"
	}
	return rpc.Errorf(rpc.CodeBelowMinimum, field+"."+string(short.Resource),
		"%s (%s) needs at least %d MiB of %s, the VM has %d MiB", v.Label(), v.InternalName, short.Minimum, what, short.Have)
}
