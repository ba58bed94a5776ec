package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/mapping"
	"osaddon/plugin/money"
	"osaddon/plugin/pricing"
)

func TestSeedRules(t *testing.T) {
	tr := mustValidTariff(t, tariff())
	mapper, err := mapping.New(mapping.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	orderPrice := func(template string) string {
		value := mapper.Map(tr.Addon, template).Value
		p, err := pricing.OrderPrice(tr, value, 1, eur, 2)
		if err != nil {
			t.Fatal(err)
		}
		return p.Decimal()
	}
	tests := []struct {
		name string
		got  func() string
		want string
	}{
		{"By default, clients do not pay for an operating system, because usually virtual machines come installed with free Linux or trail Windows.",
			func() string { return orderPrice("free") }, "0.00"},
		{"However, you can set up the \"Operating system\" addon, so that a client will be charged only for certain operating systems.",
			func() string { return orderPrice("ISPsystem__Debian-12") + " " + orderPrice("win2019") }, "0.00 31.00"},
		{"If the client selects an operating system which is not present in the list of possible values for the \"Operating system\", the default value will be applied. Usually, it is \"Free OS\" with zero price.",
			func() string { return orderPrice("ISPsystem__Windows-2025") }, "0.00"},
		{"If the client selects the OS which internal name matches the internal name of the enumeration value, the price of the selected operating system will be added to the order price.",
			func() string { return orderPrice("win2019") }, "31.00"},
		{"Make sure that the internal name of the enumeration matches the internal name of the corresponding OS template.",
			func() string { return orderPrice("Win2019") }, "0.00"},
		{"BILLmanager will try to charge the client according to the service price.",
			func() string {
				plan := mustPlan(t, pricing.DefaultPolicy(), change(march2026(), "free", "win2019", date(2026, 3, 1)))
				return string(plan.Kind) + " " + plan.Amount.Decimal()
			}, "charge 31.00"},
		{"In case of insufficient funds, the corresponding notification will be generated for the BILLmanager administrator.",
			func() string {
				poor := catalog.Account{ID: "acc-1", Currency: eur, Balance: decimal.RequireFromString("10"), CreditLimit: decimal.RequireFromString("5")}
				d, err := pricing.DecideFunds(pricing.DefaultPolicy(), poor, money.MustParse("31.00", "EUR"))
				if err != nil {
					t.Fatal(err)
				}
				return string(d)
			}, "notify_admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func change(s catalog.Service, from, to string, at time.Time) pricing.Change {
	return pricing.Change{Tariff: tariff(), Service: s, Currency: eur, Template: "ISPsystem__" + to, From: from, To: to, At: at}
}

func mustPlan(tb testing.TB, p pricing.Policy, c pricing.Change) pricing.Plan {
	tb.Helper()
	plan, err := pricing.PlanChange(p, c)
	if err != nil {
		tb.Fatal(err)
	}
	return plan
}

func TestPeriodEdges(t *testing.T) {
	priceChanged := tariff()
	priceChanged.Addon.Values[1].Prices[1][eur] = decimal.RequireFromString("40.00")
	tests := []struct {
		name             string
		service          catalog.Service
		tariff           *catalog.Tariff
		at               time.Time
		total, remaining int64
		want             string
	}{
		{"change on the first day charges the whole month", march2026(), nil, date(2026, 3, 1), 31, 31, "31.00"},
		{"change on the last day charges one day", march2026(), nil, date(2026, 3, 31), 31, 1, "1.00"},
		{"a time late on the last day is still the last day", march2026(), nil, date(2026, 3, 31).Add(23*time.Hour + 59*time.Minute), 31, 1, "1.00"},
		{"a time in another zone counts by its UTC date", march2026(), nil,
			time.Date(2026, 4, 1, 1, 0, 0, 0, time.FixedZone("MSK", 3*3600)), 31, 1, "1.00"},
		{"February in a leap year has 29 days", service(date(2028, 2, 1), date(2028, 3, 1), 1), nil, date(2028, 2, 15), 29, 15, "16.03"},
		{"February in a common year has 28 days", service(date(2027, 2, 1), date(2027, 3, 1), 1), nil, date(2027, 2, 15), 28, 14, "15.50"},
		{"3-month period", service(date(2026, 1, 1), date(2026, 4, 1), 3), nil, date(2026, 2, 15), 90, 45, "45.00"},
		{"12-month period", service(date(2026, 3, 1), date(2027, 3, 1), 12), nil, date(2026, 9, 1), 365, 181, "148.77"},
		{"36-month period spans a leap day", service(date(2026, 3, 1), date(2029, 3, 1), 36), nil, date(2027, 3, 1), 1096, 731, "533.58"},
		{"a period that started before a price change is charged at the current price", march2026(), &priceChanged,
			date(2026, 3, 17), 31, 15, "19.35"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := change(tt.service, "free", "win2019", tt.at)
			if tt.tariff != nil {
				c.Tariff = *tt.tariff
			}
			plan := mustPlan(t, pricing.DefaultPolicy(), c)
			e := plan.Explanation
			if e.TotalDays != tt.total || e.RemainingDays != tt.remaining || plan.Amount.Decimal() != tt.want || plan.Kind != pricing.KindCharge {
				t.Errorf("got %s %s for %d/%d days, want %s for %d/%d", plan.Kind, plan.Amount.Decimal(),
					e.RemainingDays, e.TotalDays, tt.want, tt.remaining, tt.total)
			}
		})
	}
}

func TestChangeOutsideThePeriodIsRefused(t *testing.T) {
	for _, at := range []time.Time{date(2026, 2, 28), date(2026, 4, 1)} {
		_, err := pricing.PlanChange(pricing.DefaultPolicy(), change(march2026(), "free", "win2019", at))
		if !errors.Is(err, pricing.ErrOutsidePeriod) {
			t.Errorf("change at %s: error = %v", at, err)
		}
	}
}

func TestCurrencyRounding(t *testing.T) {
	april := service(date(2026, 4, 1), date(2026, 5, 1), 1) // 30 days
	tests := []struct {
		name     string
		cur      money.Currency
		price    string
		at       time.Time
		want     string
		rounding string
	}{
		{"EUR rounds to cents", eur, "31.00", date(2026, 4, 17), "14.47", "half-up to 2 decimal places"},
		{"EUR half a cent rounds up", eur, "20.01", date(2026, 4, 16), "10.01", "half-up to 2 decimal places"},
		{"JPY has no minor unit", jpy, "3000", date(2026, 4, 10), "2100", "half-up to 0 decimal places"},
		{"JPY half a yen rounds up", jpy, "1005", date(2026, 4, 16), "503", "half-up to 0 decimal places"},
		{"KWD rounds to fils", kwd, "9.300", date(2026, 4, 20), "3.410", "half-up to 3 decimal places"},
		{"KWD half a fils rounds up", kwd, "20.001", date(2026, 4, 16), "10.001", "half-up to 3 decimal places"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := change(april, "free", "win2019", tt.at)
			c.Currency = tt.cur
			c.Tariff.Addon.Values[1].Prices[1][tt.cur] = decimal.RequireFromString(tt.price)
			plan := mustPlan(t, pricing.DefaultPolicy(), c)
			if plan.Amount.Decimal() != tt.want || plan.Explanation.Rounding != tt.rounding {
				t.Errorf("got %s (%s), want %s; %s", plan.Amount.Decimal(), plan.Explanation.Rounding, tt.want, plan.Explanation)
			}
		})
	}
}

func TestFlipFlopInOnePeriodYieldsOneChargeKey(t *testing.T) {
	// Linux→Windows→Linux→Windows inside March: both moves to Windows are
	// charges with the same key, so the host applies one of them.
	s := march2026()
	steps := []struct {
		from, to string
		day      int
	}{{"free", "win2019", 3}, {"win2019", "free", 10}, {"free", "win2019", 17}, {"win2019", "free", 20}, {"free", "win2019", 25}}
	taken := map[keys.Key]int{}
	for _, step := range steps {
		plan := mustPlan(t, pricing.DefaultPolicy(), change(s, step.from, step.to, date(2026, 3, step.day)))
		if plan.Kind == pricing.KindRefund {
			t.Fatalf("default policy refunded %s→%s", step.from, step.to)
		}
		if plan.Kind == pricing.KindCharge {
			taken[plan.Key]++
		}
	}
	want := keys.Charge("svc-42", "win2019", date(2026, 3, 1))
	if len(taken) != 1 || taken[want] != 3 {
		t.Fatalf("charge keys = %v, want only %s", taken, want)
	}
}

func TestDowngrade(t *testing.T) {
	refund := pricing.DefaultPolicy()
	refund.Downgrade = pricing.DowngradeRefund
	full := pricing.DefaultPolicy()
	full.Proration = pricing.ProrateFullPeriod
	tests := []struct {
		name   string
		policy pricing.Policy
		from   string
		to     string
		kind   pricing.Kind
		amount string
		key    keys.Key
	}{
		{"downgrade with refund returns the remaining days", refund, "win2019", "free", pricing.KindRefund, "15.00",
			keys.Refund("svc-42", "win2019", date(2026, 3, 1))},
		{"downgrade with none returns nothing", pricing.DefaultPolicy(), "win2019", "free", pricing.KindNone, "0.00", ""},
		{"upgrade under full_period charges the whole difference", full, "free", "win2019", pricing.KindCharge, "31.00",
			keys.Charge("svc-42", "win2019", date(2026, 3, 1))},
		{"same price is nothing", refund, "win2019", "win2019", pricing.KindNone, "0.00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := mustPlan(t, tt.policy, change(march2026(), tt.from, tt.to, date(2026, 3, 17)))
			if plan.Kind != tt.kind || plan.Amount.Decimal() != tt.amount || plan.Key != tt.key {
				t.Errorf("got %s %s %q, want %s %s %q", plan.Kind, plan.Amount.Decimal(), plan.Key, tt.kind, tt.amount, tt.key)
			}
			if plan.Amount.Sign() < 0 {
				t.Errorf("negative amount %s", plan.Amount)
			}
		})
	}
}

func TestPerCore(t *testing.T) {
	tr := mustValidTariff(t, tariff())
	for cores, want := range map[int]string{1: "12.00", 2: "12.00", 9: "12.00", 64: "48.00"} {
		got, err := pricing.OrderPrice(tr, "ISPsystem__Windows-2022", 1, eur, cores)
		if err != nil {
			t.Fatal(err)
		}
		if got.Decimal() != want {
			t.Errorf("%d cores: %s, want %s", cores, got.Decimal(), want)
		}
	}
	if _, err := pricing.OrderPrice(tr, "ISPsystem__Windows-2022", 1, eur, 0); !errors.Is(err, pricing.ErrCores) {
		t.Errorf("0 cores: error = %v", err)
	}
	// A 64-core VPS moving from free to per-core Windows on March 17.
	s := march2026()
	s.Cores = 64
	plan := mustPlan(t, pricing.DefaultPolicy(), change(s, "free", "ISPsystem__Windows-2022", date(2026, 3, 17)))
	if plan.Amount.Decimal() != "23.23" { // 48 × 15 / 31 = 23.2258…
		t.Errorf("per-core change = %s", plan.Explanation)
	}
}

func TestRenewalPrice(t *testing.T) {
	s := march2026()
	s.AddonValue = "win2019"
	for months, want := range map[int]string{1: "31.00", 12: "300.00", 36: "800.00"} {
		got, err := pricing.RenewalPrice(tariff(), s, months, eur)
		if err != nil || got.Decimal() != want {
			t.Errorf("renewal for %d months = %v %v, want %s", months, got, err, want)
		}
	}
	if _, err := pricing.RenewalPrice(tariff(), s, 6, eur); !errors.Is(err, catalog.ErrPeriodNotSold) {
		t.Errorf("renewal for 6 months: error = %v", err)
	}
	if _, err := pricing.RenewalPrice(tariff(), s, 3, jpy); !errors.Is(err, catalog.ErrPriceMissing) {
		t.Errorf("renewal in JPY: error = %v", err)
	}
}

func TestPlanChangeRefusesBadInput(t *testing.T) {
	other := change(march2026(), "free", "win2019", date(2026, 3, 2))
	other.Tariff.ID = "vps-2"
	unknown := change(march2026(), "free", "win2016", date(2026, 3, 2))
	badService := change(march2026(), "free", "win2019", date(2026, 3, 2))
	badService.Service.Status = "gone"
	for name, tt := range map[string]struct {
		c   pricing.Change
		err error
	}{
		"tariff mismatch": {other, pricing.ErrTariffMismatch},
		"unknown value":   {unknown, catalog.ErrUnknownValue},
		"bad service":     {badService, catalog.ErrStatus},
	} {
		if _, err := pricing.PlanChange(pricing.DefaultPolicy(), tt.c); !errors.Is(err, tt.err) {
			t.Errorf("%s: error = %v, want %v", name, err, tt.err)
		}
	}
}

func TestFunds(t *testing.T) {
	debt := pricing.DefaultPolicy()
	debt.InsufficientFunds = pricing.FundsAllowDebt
	acc := catalog.Account{ID: "acc-1", Currency: eur, Balance: decimal.RequireFromString("20.00"), CreditLimit: decimal.RequireFromString("11.00")}
	tests := []struct {
		name   string
		policy pricing.Policy
		amount string
		want   pricing.FundsDecision
	}{
		{"balance plus credit covers the charge exactly", pricing.DefaultPolicy(), "31.00", pricing.DecisionCharge},
		{"one cent short notifies the administrator", pricing.DefaultPolicy(), "31.01", pricing.DecisionNotifyAdmin},
		{"one cent short under allow_debt charges", debt, "31.01", pricing.DecisionChargeIntoDebt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pricing.DecideFunds(tt.policy, acc, money.MustParse(tt.amount, "EUR"))
			if err != nil || got != tt.want {
				t.Errorf("DecideFunds = %q %v, want %q", got, err, tt.want)
			}
		})
	}
	if _, err := pricing.CanPay(acc, money.MustParse("1", "JPY")); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Errorf("CanPay in JPY: error = %v", err)
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want pricing.Policy
		err  error
		msg  string
	}{
		{name: "empty document keeps defaults", yaml: "", want: pricing.DefaultPolicy()},
		{name: "all fields", yaml: "proration: full_period\ndowngrade: none\ninsufficient_funds: allow_debt\n",
			want: pricing.Policy{Proration: pricing.ProrateFullPeriod, Downgrade: pricing.DowngradeNone, InsufficientFunds: pricing.FundsAllowDebt}},
		{name: "unknown proration", yaml: "proration: weekly\n", err: pricing.ErrPolicy,
			msg: `pricing: policy: proration: "weekly", want "daily" or "full_period"`},
		{name: "unknown downgrade", yaml: "downgrade: maybe\n", err: pricing.ErrPolicy},
		{name: "unknown funds mode", yaml: "insufficient_funds: ignore\n", err: pricing.ErrPolicy},
		{name: "full_period cannot refund", yaml: "proration: full_period\ndowngrade: refund\n", err: pricing.ErrPolicy},
		{name: "unknown key", yaml: "prorate: daily\n", err: pricing.ErrPolicy},
		{name: "not a mapping", yaml: "- daily\n", err: pricing.ErrPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pricing.ParsePolicy([]byte(tt.yaml))
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message %q, want %q", err, tt.msg)
			}
			if tt.err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add("proration: daily\ndowngrade: refund\ninsufficient_funds: notify_admin\n")
	f.Add("proration: full_period\ndowngrade: refund\n")
	f.Add("{}")
	f.Add("proration: [")
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := pricing.ParsePolicy([]byte(doc))
		if err != nil {
			return
		}
		plan, err := pricing.PlanChange(p, change(march2026(), "win2019", "free", date(2026, 3, 17)))
		if err != nil {
			t.Fatalf("valid policy %+v: %v", p, err)
		}
		if plan.Amount.Sign() < 0 || (plan.Kind == pricing.KindRefund) != (p.Downgrade == pricing.DowngradeRefund) {
			t.Fatalf("policy %+v planned %s %s", p, plan.Kind, plan.Amount)
		}
	})
}
