package catalog_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
)

var eur = money.MustCurrency("EUR")

func prices(months []int, cur money.Currency, amount string) map[int]map[money.Currency]decimal.Decimal {
	out := map[int]map[money.Currency]decimal.Decimal{}
	for _, m := range months {
		out[m] = map[money.Currency]decimal.Decimal{cur: decimal.RequireFromString(amount)}
	}
	return out
}

func validTariff() catalog.Tariff {
	periods := []int{1, 12}
	return catalog.Tariff{
		ID: "vps-1", Name: "VPS 1", Periods: periods,
		Addon: catalog.Addon{
			InternalName: "ostempl", BillingType: catalog.BillingOrder, Default: "free",
			Values: []catalog.Value{
				{InternalName: "free", DisplayName: "Free OS", Prices: prices(periods, eur, "0")},
				{InternalName: "win2019", DisplayName: "Windows Server 2019", Prices: prices(periods, eur, "20.00")},
			},
		},
	}
}

func TestTariffValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*catalog.Tariff)
		err     error
		message string
	}{
		{name: "valid", edit: func(*catalog.Tariff) {}},
		{"empty tariff id", func(t *catalog.Tariff) { t.ID = "" }, catalog.ErrEmpty, "catalog: tariff id: empty"},
		{"no period", func(t *catalog.Tariff) { t.Periods = nil }, catalog.ErrEmpty, `catalog: tariff "vps-1": periods: no period sold`},
		{"period not sellable", func(t *catalog.Tariff) { t.Periods = []int{1, 2} }, catalog.ErrPeriodNotSold,
			`catalog: tariff "vps-1": periods[1]: 2 months is not one of [1 3 6 12 24 36]`},
		{"duplicate period", func(t *catalog.Tariff) { t.Periods = []int{1, 12, 1} }, catalog.ErrDuplicate, ""},
		{"empty addon internal name", func(t *catalog.Tariff) { t.Addon.InternalName = "" }, catalog.ErrEmpty, ""},
		{"Billing type — Based on order.", func(t *catalog.Tariff) { t.Addon.BillingType = "periodic" }, catalog.ErrBillingType,
			`catalog: tariff "vps-1": addon "ostempl": billing type: "periodic", want "order"`},
		{"no values", func(t *catalog.Tariff) { t.Addon.Values = nil }, catalog.ErrEmpty, ""},
		{"empty value internal name", func(t *catalog.Tariff) { t.Addon.Values[1].InternalName = "" }, catalog.ErrEmpty,
			`catalog: tariff "vps-1": addon "ostempl": values[1]: internal name: empty`},
		{"duplicate value names", func(t *catalog.Tariff) { t.Addon.Values[1].InternalName = "free" }, catalog.ErrDuplicate,
			`catalog: tariff "vps-1": addon "ostempl": value "free": listed twice`},
		{"Default value — a default operating system (usually \"Free OS\").", func(t *catalog.Tariff) { t.Addon.Default = "" },
			catalog.ErrEmpty, ""},
		{"unknown default value", func(t *catalog.Tariff) { t.Addon.Default = "Free OS" }, catalog.ErrUnknownValue,
			`catalog: tariff "vps-1": addon "ostempl": default value: "Free OS" is not among the values`},
		{"negative price", func(t *catalog.Tariff) {
			t.Addon.Values[1].Prices[12][eur] = decimal.RequireFromString("-1.00")
		}, catalog.ErrNegativePrice,
			`catalog: tariff "vps-1": addon "ostempl": value "win2019": price for 12 months in EUR: negative amount -1.00`},
		{"absurd price", func(t *catalog.Tariff) {
			t.Addon.Values[1].Prices[1][eur] = decimal.New(1, 13)
		}, catalog.ErrAmount, ""},
		{"price with too many digits", func(t *catalog.Tariff) {
			t.Addon.Values[1].Prices[1][eur] = decimal.New(1, -9)
		}, catalog.ErrAmount, ""},
		{"price for a period the tariff does not sell", func(t *catalog.Tariff) {
			t.Addon.Values[1].Prices[3] = map[money.Currency]decimal.Decimal{eur: decimal.NewFromInt(1)}
		}, catalog.ErrPeriodNotSold, ""},
		{"price in an empty currency", func(t *catalog.Tariff) {
			t.Addon.Values[1].Prices[1][money.Currency{}] = decimal.NewFromInt(1)
		}, catalog.ErrCurrency, ""},
		{"per-core pack of zero cores", func(t *catalog.Tariff) {
			t.Addon.Values[1].PerCore = &catalog.PerCore{PackSize: 0, MinCores: 16}
		}, catalog.ErrPerCore, ""},
		{"per-core negative minimum", func(t *catalog.Tariff) {
			t.Addon.Values[1].PerCore = &catalog.PerCore{PackSize: 2, MinCores: -1}
		}, catalog.ErrPerCore, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tariff := validTariff()
			tt.edit(&tariff)
			err := tariff.Validate()
			if tt.err == nil {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("Validate() = %v, want %v", err, tt.err)
			}
			var fe *catalog.FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("Validate() = %#v, want a *FieldError naming the field", err)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("message\n got %s\nwant %s", err, tt.message)
			}
		})
	}
}

func TestTariffPrice(t *testing.T) {
	tariff := validTariff()
	jpy := money.MustCurrency("JPY")
	tests := []struct {
		name   string
		value  string
		months int
		cur    money.Currency
		want   string
		err    error
	}{
		{"priced value", "win2019", 12, eur, "20", nil},
		{"default value", "free", 1, eur, "0", nil},
		{"unknown value", "win2022", 1, eur, "", catalog.ErrUnknownValue},
		{"a period the tariff does not sell", "win2019", 3, eur, "", catalog.ErrPeriodNotSold},
		{"no price in the account's currency", "win2019", 1, jpy, "", catalog.ErrPriceMissing},
		{"empty currency", "win2019", 1, money.Currency{}, "", catalog.ErrCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tariff.Price(tt.value, tt.months, tt.cur)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Price() error = %v, want %v", err, tt.err)
			}
			if tt.err == nil && !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("Price() = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestMissingPriceBlocksOnlyItsPeriod: catalogs sell some systems on some
// periods only. A tariff missing one price still validates; pricing that
// value for that period fails, naming the value, the period and the
// currency, and every other price is found.
func TestMissingPriceBlocksOnlyItsPeriod(t *testing.T) {
	tariff := validTariff()
	delete(tariff.Addon.Values[1].Prices, 12)
	if err := tariff.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want a partial price list accepted", err)
	}
	_, err := tariff.Price("win2019", 12, eur)
	want := `catalog: tariff "vps-1": addon "ostempl": value "win2019": price for 12 months in EUR: no price`
	if !errors.Is(err, catalog.ErrPriceMissing) || err.Error() != want {
		t.Fatalf("Price() = %v, want %s", err, want)
	}
	if _, err := tariff.Price("win2019", 1, eur); err != nil {
		t.Fatalf("Price(1 month) = %v", err)
	}
}

func TestPerCorePacks(t *testing.T) {
	// Windows Server: packs of 2 cores, at least 16 cores licensed.
	rule := catalog.PerCore{PackSize: 2, MinCores: 16}
	for cores, want := range map[int]int{1: 8, 2: 8, 9: 8, 16: 8, 17: 9, 64: 32} {
		if got := rule.Packs(cores); got != want {
			t.Errorf("Packs(%d) = %d, want %d", cores, got, want)
		}
	}
	odd := catalog.PerCore{PackSize: 4}
	for cores, want := range map[int]int{1: 1, 2: 1, 9: 3, 64: 16} {
		if got := odd.Packs(cores); got != want {
			t.Errorf("pack of 4: Packs(%d) = %d, want %d", cores, got, want)
		}
	}
}

func validService() catalog.Service {
	return catalog.Service{
		ID: "svc-42", AccountID: "acc-1", TariffID: "vps-1",
		PeriodStart: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		PeriodEnd:   time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), PeriodMonths: 1,
		AddonValue: "free", OSTemplate: "ISPsystem__Debian-12", VMID: "7", Cores: 2, Status: catalog.StatusActive,
	}
}

func TestServiceValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*catalog.Service)
		err  error
	}{
		{"valid", func(*catalog.Service) {}, nil},
		{"empty id", func(s *catalog.Service) { s.ID = "" }, catalog.ErrEmpty},
		{"empty account", func(s *catalog.Service) { s.AccountID = "" }, catalog.ErrEmpty},
		{"empty tariff", func(s *catalog.Service) { s.TariffID = "" }, catalog.ErrEmpty},
		{"start not a date", func(s *catalog.Service) { s.PeriodStart = s.PeriodStart.Add(time.Hour) }, catalog.ErrPeriod},
		{"end before start", func(s *catalog.Service) { s.PeriodEnd = s.PeriodStart }, catalog.ErrPeriod},
		{"start in another zone", func(s *catalog.Service) {
			s.PeriodStart = s.PeriodStart.In(time.FixedZone("MSK", 3*3600))
		}, catalog.ErrPeriod},
		{"period months not sold", func(s *catalog.Service) { s.PeriodMonths = 2 }, catalog.ErrPeriodNotSold},
		{"negative cores", func(s *catalog.Service) { s.Cores = -1 }, catalog.ErrPerCore},
		{"unknown status", func(s *catalog.Service) { s.Status = "deleted" }, catalog.ErrStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validService()
			tt.edit(&s)
			if err := s.Validate(); !errors.Is(err, tt.err) {
				t.Fatalf("Validate() = %v, want %v", err, tt.err)
			}
		})
	}
}

func TestAccountValidate(t *testing.T) {
	ok := catalog.Account{ID: "acc-1", Currency: eur, Balance: decimal.NewFromInt(-5), CreditLimit: decimal.NewFromInt(10)}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*catalog.Account)
		err  error
	}{
		{"empty id", func(a *catalog.Account) { a.ID = "" }, catalog.ErrEmpty},
		{"unknown currency", func(a *catalog.Account) { a.Currency = money.Currency{} }, catalog.ErrCurrency},
		{"absurd balance", func(a *catalog.Account) { a.Balance = decimal.New(1, 15) }, catalog.ErrAmount},
		{"negative credit limit", func(a *catalog.Account) { a.CreditLimit = decimal.NewFromInt(-1) }, catalog.ErrNegativePrice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.edit(&a)
			if err := a.Validate(); !errors.Is(err, tt.err) {
				t.Fatalf("Validate() = %v, want %v", err, tt.err)
			}
		})
	}
}

func FuzzTariffValidate(f *testing.F) {
	f.Add("vps-1", "ostempl", "free", "win2019", "20.00", 12, 2, 16, "EUR")
	f.Add("", "", "", "", "-1", 2, 0, -1, "eur")
	f.Add("t", "a", "x", "x", "1e3", 36, 1, 0, "JPY")
	f.Fuzz(func(t *testing.T, id, addon, def, value, price string, months, pack, minCores int, code string) {
		amount, err := decimal.NewFromString(price)
		if err != nil {
			return
		}
		cur, _ := money.ParseCurrency(code) // the zero Currency is a valid fuzz input too
		tariff := catalog.Tariff{
			ID: id, Periods: []int{months},
			Addon: catalog.Addon{InternalName: addon, BillingType: catalog.BillingOrder, Default: def, Values: []catalog.Value{{
				InternalName: value,
				Prices:       map[int]map[money.Currency]decimal.Decimal{months: {cur: amount}},
				PerCore:      &catalog.PerCore{PackSize: pack, MinCores: minCores},
			}}},
		}
		if err := tariff.Validate(); err != nil {
			var fe *catalog.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, not a *FieldError", err)
			}
			return
		}
		got, err := tariff.Price(value, months, cur)
		if err != nil {
			t.Fatalf("valid tariff: Price() = %v", err)
		}
		if got.IsNegative() || money.CheckAmount(got) != nil {
			t.Fatalf("valid tariff holds price %s", got)
		}
		if packs := tariff.Addon.Values[0].PerCore.Packs(catalog.MaxCores); packs < 1 {
			t.Fatalf("Packs = %d", packs)
		}
	})
}
