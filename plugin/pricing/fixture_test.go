package pricing_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
)

var (
	eur = money.MustCurrency("EUR")
	jpy = money.MustCurrency("JPY")
	kwd = money.MustCurrency("KWD")
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// price is "months currency amount" triples flattened: 1, eur, "31.00", ...
func price(triples ...any) map[int]map[money.Currency]decimal.Decimal {
	out := map[int]map[money.Currency]decimal.Decimal{}
	for i := 0; i < len(triples); i += 3 {
		months, cur, amount := triples[i].(int), triples[i+1].(money.Currency), triples[i+2].(string)
		if out[months] == nil {
			out[months] = map[money.Currency]decimal.Decimal{}
		}
		out[months][cur] = decimal.RequireFromString(amount)
	}
	return out
}

// tariff sells 1, 3, 12 and 36 months. Windows Server 2019 is priced whole;
// Windows Server 2022 per pack of 2 cores, at least 16 cores.
func tariff() catalog.Tariff {
	return catalog.Tariff{
		ID: "vps-1", Name: "VPS 1", Periods: []int{1, 3, 12, 36},
		Addon: catalog.Addon{
			InternalName: "ostempl", BillingType: catalog.BillingOrder, Default: "free",
			Values: []catalog.Value{
				{InternalName: "free", DisplayName: "Free OS", Prices: price(
					1, eur, "0", 3, eur, "0", 12, eur, "0", 36, eur, "0", 1, jpy, "0", 1, kwd, "0")},
				{InternalName: "win2019", DisplayName: "Windows Server 2019", Prices: price(
					1, eur, "31.00", 3, eur, "90.00", 12, eur, "300.00", 36, eur, "800.00", 1, jpy, "3000", 1, kwd, "9.300")},
				{InternalName: "ISPsystem__Windows-2022", DisplayName: "Windows Server 2022", Prices: price(
					1, eur, "1.50", 3, eur, "4.50", 12, eur, "18.00", 36, eur, "54.00"),
					PerCore: &catalog.PerCore{PackSize: 2, MinCores: 16}},
			},
		},
	}
}

func service(start, end time.Time, months int) catalog.Service {
	return catalog.Service{
		ID: "svc-42", AccountID: "acc-1", TariffID: "vps-1",
		PeriodStart: start, PeriodEnd: end, PeriodMonths: months,
		AddonValue: "free", OSTemplate: "ISPsystem__Debian-12", VMID: "7", Cores: 2, Status: catalog.StatusActive,
	}
}

func march2026() catalog.Service { return service(date(2026, 3, 1), date(2026, 4, 1), 1) }

func mustValidTariff(tb testing.TB, t catalog.Tariff) catalog.Tariff {
	tb.Helper()
	if err := t.Validate(); err != nil {
		tb.Fatal(err)
	}
	return t
}
