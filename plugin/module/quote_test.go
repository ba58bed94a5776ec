package module_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// partialTariff sells 1 and 12 months; Windows is priced for 1 month only,
// as real catalogs sell some systems on some periods only.
func partialTariff(f *vmfake.Fake) rpc.Tariff {
	t := tariffFor(f)
	t.Periods = []int{1, 12}
	t.Addon.Values[0].Name = "Free OS"
	t.Addon.Values[0].Prices = append(t.Addon.Values[0].Prices, rpc.Price{Months: 12, Currency: "EUR", Amount: "0"})
	t.Addon.Values[1].Name = "Windows Server 2019"
	return t
}

// TestQuoteThenOpenPriceAlike: the cart's price comes from quote, with no
// panel call; open after payment prices the same inputs to the same
// breakdown.
func TestQuoteThenOpenPriceAlike(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
		before := f.Requests()
		q, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: partialTariff(f), Currency: "EUR", PeriodMonths: 1, CPUs: 2, Template: windows(f)})
		if err != nil {
			t.Fatal(err)
		}
		if f.Requests() != before {
			t.Fatalf("quote called the panel %d times", f.Requests()-before)
		}
		want := rpc.PriceBreakdown{Template: windows(f), Value: windows(f), MatchedBy: "exact", Months: 1, Amount: "20.00", Currency: "EUR"}
		if q.Price == nil || *q.Price != want || q.Values != nil {
			t.Fatalf("quote = %+v, want price %+v", q, want)
		}
		s := serviceFor(f, "new", "", "0")
		s.Status = "ordered"
		res, err := c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: partialTariff(f), Template: windows(f),
			VM: rpc.VMSpec{Name: "vps", Password: "pw-secret", CPUs: 2}, AsOf: may10})
		if err != nil {
			t.Fatal(err)
		}
		if res.Price != *q.Price {
			t.Fatalf("open price = %+v, quote said %+v", res.Price, *q.Price)
		}
	})
}

// TestQuoteOrderForm: a tariff alone lists every value with a price for
// each sold period it is priced on, and the periods it is not.
func TestQuoteOrderForm(t *testing.T) {
	f := vmfake.NewV6(t)
	c := inProcess(t, nil, newBilling()) // quote needs no connection
	q, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: partialTariff(f), Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	want := []rpc.QuoteValue{
		{InternalName: "Free OS", Name: "Free OS", Default: true, Prices: []rpc.QuotePrice{
			{Months: 1, Amount: "0.00", Currency: "EUR"}, {Months: 12, Amount: "0.00", Currency: "EUR"}}},
		{InternalName: windows(f), Name: "Windows Server 2019", Prices: []rpc.QuotePrice{
			{Months: 1, Amount: "20.00", Currency: "EUR"}}, Unpriced: []int{12}},
	}
	if q.Price != nil || !reflect.DeepEqual(q.Values, want) {
		t.Fatalf("order form = %+v\nwant %+v", q.Values, want)
	}
	one, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: partialTariff(f), Currency: "EUR", PeriodMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	if got := one.Values[1]; len(got.Prices) != 0 || !reflect.DeepEqual(got.Unpriced, []int{12}) {
		t.Fatalf("12-month form, Windows = %+v", got)
	}
}

// TestPartialPriceListBlocksOnlyWhatItMisses: a free-Linux order on 12
// months opens although Windows has no 12-month price; a Windows order on
// 12 months is refused, by quote and open alike, naming the value, the
// period and the currency, before the panel is called.
func TestPartialPriceListBlocksOnlyWhatItMisses(t *testing.T) {
	f := vmfake.NewV5(t)
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	s := serviceFor(f, "new", "", "0")
	s.Status, s.PeriodMonths = "ordered", 12
	open := func(template string) (*rpc.OpenResult, error) {
		return c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: partialTariff(f), Template: template,
			VM: rpc.VMSpec{Name: "vps", Password: "pw-secret", CPUs: 1}, AsOf: may10})
	}
	res, err := open(linux(f))
	if err != nil {
		t.Fatalf("free order on 12 months: %v", err)
	}
	if res.Price.Amount != "0.00" || res.Price.Months != 12 {
		t.Fatalf("price = %+v", res.Price)
	}
	before := f.Requests()
	_, openErr := open(windows(f))
	_, quoteErr := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: partialTariff(f), Currency: "EUR", PeriodMonths: 12, Template: windows(f)})
	for name, err := range map[string]error{"open": openErr, "quote": quoteErr} {
		e, ok := err.(*rpc.Error)
		if !ok || e.Code != rpc.CodePriceMissing || e.Field != "tariff" {
			t.Fatalf("%s: error = %#v, want code %d", name, err, rpc.CodePriceMissing)
		}
		for _, part := range []string{`value "` + windows(f) + `"`, "12 months", "EUR"} {
			if !strings.Contains(e.Message, part) {
				t.Errorf("%s: message %q does not name %s", name, e.Message, part)
			}
		}
	}
	if f.Requests() != before {
		t.Fatalf("a refused order called the panel %d times", f.Requests()-before)
	}
}

// TestQuoteRefusesBadInput: each bad field is named by its wire path.
func TestQuoteRefusesBadInput(t *testing.T) {
	f := vmfake.NewV6(t)
	c := inProcess(t, nil, newBilling())
	for _, tc := range []struct {
		name  string
		edit  func(*rpc.QuoteParams)
		code  rpc.Code
		field string
	}{
		{"unknown currency", func(p *rpc.QuoteParams) { p.Currency = "EUX" }, rpc.CodeUnknownCurrency, "currency"},
		{"period not sold", func(p *rpc.QuoteParams) { p.PeriodMonths = 3 }, rpc.CodeInvalidPeriod, "period_months"},
		{"template without period", func(p *rpc.QuoteParams) { p.PeriodMonths, p.Template = 0, windows(f) }, rpc.CodeInvalidParams, "period_months"},
		{"negative cpus", func(p *rpc.QuoteParams) { p.CPUs = -1 }, rpc.CodeInvalidParams, "cpus"},
		{"bad amount", func(p *rpc.QuoteParams) { p.Tariff.Addon.Values[1].Prices[0].Amount = "1e3" }, rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
	} {
		p := &rpc.QuoteParams{Tariff: partialTariff(f), Currency: "EUR", PeriodMonths: 1}
		tc.edit(p)
		_, err := c.Quote(context.Background(), p)
		if e, ok := err.(*rpc.Error); !ok || e.Code != tc.code || e.Field != tc.field {
			t.Errorf("%s: error = %#v, want code %d field %s", tc.name, err, tc.code, tc.field)
		}
	}
}
