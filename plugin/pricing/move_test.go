package pricing_test

import (
	"errors"
	"testing"
	"time"

	"osaddon/plugin/catalog"
	"osaddon/plugin/pricing"
)

func TestAddMonthsClampsMonthEnds(t *testing.T) {
	for _, tc := range []struct {
		start  time.Time
		months int
		want   time.Time
	}{
		{date(2026, 1, 31), 1, date(2026, 2, 28)},
		{date(2024, 1, 31), 1, date(2024, 2, 29)}, // leap year
		{date(2026, 3, 31), 1, date(2026, 4, 30)},
		{date(2026, 1, 30), 1, date(2026, 2, 28)},
		{date(2026, 1, 29), 1, date(2026, 2, 28)},
		{date(2026, 8, 31), 6, date(2027, 2, 28)},
		{date(2026, 1, 31), 12, date(2027, 1, 31)},
		{date(2026, 3, 11), 1, date(2026, 4, 11)},
		{date(2026, 12, 31), 2, date(2027, 2, 28)},
	} {
		if got := pricing.AddMonths(tc.start, tc.months); !got.Equal(tc.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.start.Format(time.DateOnly), tc.months,
				got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}

// bigger is tariff() with Windows Server 2019 dearer and Windows Server
// 2022 gone.
func bigger() catalog.Tariff {
	t := tariff()
	t.ID, t.Name = "vps-2", "VPS 2"
	t.Addon.Values = t.Addon.Values[:2]
	t.Addon.Values[1].Prices = price(1, eur, "45.00", 12, eur, "300.00")
	t.Periods = []int{1, 12}
	return t
}

func move(s catalog.Service, to catalog.Tariff, toMonths int, at time.Time) pricing.Move {
	s.AddonValue = "win2019"
	return pricing.Move{FromTariff: tariff(), ToTariff: to, Service: s, Revision: 4, Currency: eur,
		Template: "win2019", From: "win2019", To: "win2019", ToMonths: toMonths, At: at}
}

func TestPlanMove(t *testing.T) {
	refund := pricing.DefaultPolicy()
	refund.Downgrade = pricing.DowngradeRefund
	full := pricing.DefaultPolicy()
	full.Proration = pricing.ProrateFullPeriod
	jan31 := service(date(2026, 1, 31), date(2026, 2, 28), 1)
	for _, tc := range []struct {
		name    string
		policy  pricing.Policy
		move    pricing.Move
		kind    pricing.Kind
		amount  string
		newDays int64
	}{
		// same length, dearer tariff, 11 March: 21 of 31 days left;
		// (45.00 − 31.00) × 21 / 31 = 294 / 31 = 9.483870… → 9.48
		{"tariff up", pricing.DefaultPolicy(), move(march2026(), bigger(), 1, date(2026, 3, 11)), pricing.KindCharge, "9.48", 0},
		// full_period: (45.00 − 31.00) × 31 / 31 = 14.00
		{"tariff up, full period", full, move(march2026(), bigger(), 1, date(2026, 3, 11)), pricing.KindCharge, "14.00", 0},
		// 1 → 12 months on 11 March: 12 months from 1 March 2026 are 365
		// days; (300.00 / 365 − 31.00 / 31) × 21 = (300 − 365) × 21 / 365
		// = −1365 / 365 = −3.739726… → refund 3.74
		{"period up, refund", refund, move(march2026(), tariff(), 12, date(2026, 3, 11)), pricing.KindRefund, "3.74", 365},
		{"period up, no refund", pricing.DefaultPolicy(), move(march2026(), tariff(), 12, date(2026, 3, 11)), pricing.KindNone, "0.00", 365},
		// started 31 January: the period ends 28 February (28 days) and 3
		// months from 31 January end 30 April (89 days); on 10 February
		// 18 days are left: (90.00 / 89 − 31.00 / 28) × 18
		// = (90 × 28 − 31 × 89) × 18 / (89 × 28) = −239 × 18 / 2492
		// = −4302 / 2492 = −1.726324… → refund 1.73
		{"clamped month end", refund, move(jan31, tariff(), 3, date(2026, 2, 10)), pricing.KindRefund, "1.73", 89},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := pricing.PlanMove(tc.policy, tc.move)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Kind != tc.kind || plan.Amount.Decimal() != tc.amount || plan.Explanation.NewPeriodDays != tc.newDays {
				t.Fatalf("plan = %s %s, new days %d; want %s %s, %d: %s", plan.Kind, plan.Amount.Decimal(),
					plan.Explanation.NewPeriodDays, tc.kind, tc.amount, tc.newDays, plan.Explanation)
			}
			again, _ := pricing.PlanMove(tc.policy, tc.move)
			if again.Key != plan.Key || (plan.Kind != pricing.KindNone) == (plan.Key == "") {
				t.Fatalf("keys %q, %q for kind %s", plan.Key, again.Key, plan.Kind)
			}
		})
	}
}

// A move at the same length and on the same tariff prices exactly as an
// OS change does: one rule, one rounding.
func TestPlanMoveSameLengthIsAnOSChange(t *testing.T) {
	for day := 1; day <= 31; day++ {
		at := date(2026, 3, day)
		m := move(march2026(), tariff(), 1, at)
		m.From = "free"
		m.Service.AddonValue = "free"
		got, err := pricing.PlanMove(pricing.DefaultPolicy(), m)
		if err != nil {
			t.Fatal(err)
		}
		want := mustPlan(t, pricing.DefaultPolicy(), change(march2026(), "free", "win2019", at))
		if !got.Amount.Amount.Equal(want.Amount.Amount) || got.Explanation.Unrounded != want.Explanation.Unrounded {
			t.Fatalf("day %d: move %s (%s), change %s (%s)", day, got.Amount, got.Explanation.Unrounded, want.Amount, want.Explanation.Unrounded)
		}
		if got.Key == want.Key {
			t.Fatalf("day %d: a move's money shares the value's charge key %q", day, got.Key)
		}
	}
}

func TestPlanMoveRefusals(t *testing.T) {
	m := move(march2026(), bigger(), 1, date(2026, 4, 1))
	if _, err := pricing.PlanMove(pricing.DefaultPolicy(), m); !errors.Is(err, pricing.ErrOutsidePeriod) {
		t.Fatalf("outside the period: %v", err)
	}
	m = move(march2026(), bigger(), 12, date(2026, 3, 2))
	m.ToTariff.Addon.Values[1].Prices = price(1, eur, "45.00")
	if _, err := pricing.PlanMove(pricing.DefaultPolicy(), m); !errors.Is(err, catalog.ErrPriceMissing) {
		t.Fatalf("no 12-month price: %v", err)
	}
	m = move(march2026(), bigger(), 1, date(2026, 3, 2))
	m.FromTariff = bigger()
	if _, err := pricing.PlanMove(pricing.DefaultPolicy(), m); !errors.Is(err, pricing.ErrTariffMismatch) {
		t.Fatalf("from tariff not the service's: %v", err)
	}
}

// The worked example of docs/PROTOCOL.md (setparam, tariff and period
// changes): 11 March 2026, Windows Server 2019 at 30.00 a month.
func TestPlanMoveProtocolExample(t *testing.T) {
	monthly := tariff()
	monthly.Addon.Values[1].Prices = price(1, eur, "30.00", 12, eur, "300.00")
	dearer := bigger() // 45.00 a month
	refund := pricing.DefaultPolicy()
	refund.Downgrade = pricing.DowngradeRefund
	m := move(march2026(), dearer, 1, date(2026, 3, 11))
	m.FromTariff = monthly
	if plan, err := pricing.PlanMove(refund, m); err != nil || plan.Kind != pricing.KindCharge || plan.Amount.Decimal() != "10.16" {
		t.Fatalf("tariff change: %+v, %v", plan, err)
	}
	m = move(march2026(), monthly, 12, date(2026, 3, 11))
	m.FromTariff = monthly
	if plan, err := pricing.PlanMove(refund, m); err != nil || plan.Kind != pricing.KindRefund || plan.Amount.Decimal() != "3.06" {
		t.Fatalf("period change: %+v, %v", plan, err)
	}
}
