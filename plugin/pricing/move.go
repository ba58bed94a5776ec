package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/money"
)

// Move is a service's move to another tariff or period length inside its
// paid period: the add-on value From under FromTariff at the service's
// period length becomes To under ToTariff at ToMonths.
type Move struct {
	FromTariff, ToTariff catalog.Tariff
	// Service is the service before the move: its period, length and
	// cores.
	Service catalog.Service
	// Revision is the host's revision of the service; the move's money key
	// carries it.
	Revision int64
	// Currency is the account's currency.
	Currency money.Currency
	// Template is the installed template.
	Template string
	From, To string
	ToMonths int
	At       time.Time
}

// PlanMove prices a move. The current period keeps its dates; from the
// day of the move to its end the add-on is billed at the new daily rate
// instead of the old one:
//
//	amount = (new_price / new_days − old_price / old_days) × remaining_days
//
// old_days are the current period's days, new_days the days of a period
// of ToMonths starting at the current period's start (month ends clamped,
// see AddMonths), remaining_days count the day of the move. The amount is
// computed as one exact fraction and rounded once, half-up, to the
// currency's minor unit. Under full_period proration remaining_days are
// old_days. At the same length it is (new − old) × remaining / total, as
// an OS change.
//
// A positive amount is a charge, a negative one a refund when
// p.Downgrade is refund and nothing otherwise; both are keyed by
// keys.Move, per service, move and revision.
func PlanMove(p Policy, m Move) (Plan, error) {
	s := m.Service
	from := side{Tariff: m.FromTariff, Value: m.From, Months: s.PeriodMonths}
	to := side{Tariff: m.ToTariff, Value: m.To, Months: m.ToMonths}
	plan, err := planRates(p, s, m.At, m.Currency, m.Template, from, to)
	if err != nil {
		return Plan{}, err
	}
	fromKey := keys.Plan{Tariff: m.FromTariff.ID, Months: s.PeriodMonths, Value: m.From}
	toKey := keys.Plan{Tariff: m.ToTariff.ID, Months: m.ToMonths, Value: m.To}
	key := func(kind string) keys.Key {
		return keys.Move(kind, s.ID, fromKey, toKey, s.PeriodStart, m.Revision)
	}
	rounded := plan.Explanation.Rounded
	switch {
	case rounded.Sign() > 0:
		plan.Kind, plan.Amount, plan.Key = KindCharge, rounded, key(keys.KindCharge)
		plan.NotifyKey = keys.MoveNotification(NotifyInsufficientFunds, s.ID, fromKey, toKey, s.PeriodStart, m.Revision)
	case rounded.Sign() < 0 && p.Downgrade == DowngradeRefund:
		plan.Kind, plan.Amount, plan.Key = KindRefund, rounded.Abs(), key(keys.KindRefund)
	}
	return plan, nil
}

// side is a service's tariff, add-on value and period length on one side
// of a change.
type side struct {
	Tariff catalog.Tariff
	Value  string
	Months int
}

// planRates prices moving service s from one side to the other at at:
// (new_price / new_days − old_price / old_days) × remaining_days as one
// exact fraction, rounded once. The plan it returns has the explanation
// and kind none; the caller sets the kind, amount and keys.
func planRates(p Policy, s catalog.Service, at time.Time, cur money.Currency, template string, from, to side) (Plan, error) {
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	if err := s.Validate(); err != nil {
		return Plan{}, err
	}
	if from.Tariff.ID != s.TariffID {
		return Plan{}, fieldError("tariff", ErrTariffMismatch, "%q, service %q has %q", from.Tariff.ID, s.ID, s.TariffID)
	}
	oldDays, remaining, err := prorationDays(s, at)
	if err != nil {
		return Plan{}, err
	}
	newDays := oldDays
	if to.Months != from.Months {
		newDays = periodDays(s.PeriodStart, to.Months)
	}
	oldPrice, err := ValuePrice(from.Tariff, from.Value, from.Months, cur, s.Cores)
	if err != nil {
		return Plan{}, err
	}
	newPrice, err := ValuePrice(to.Tariff, to.Value, to.Months, cur, s.Cores)
	if err != nil {
		return Plan{}, err
	}
	if p.Proration == ProrateFullPeriod {
		remaining = oldDays
	}
	// new × old_days − old × new_days, over new_days × old_days.
	num, err := newPrice.Mul(decimal.NewFromInt(oldDays)).Sub(oldPrice.Mul(decimal.NewFromInt(newDays)))
	if err != nil {
		return Plan{}, err
	}
	den := newDays * oldDays
	rounded, err := num.MulFrac(remaining, den) // the one rounding
	if err != nil {
		return Plan{}, err
	}
	exact := num.Amount.Mul(decimal.NewFromInt(remaining)).DivRound(decimal.NewFromInt(den), unroundedDigits)
	e := Explanation{
		Template: template, FromValue: from.Value, ToValue: to.Value,
		OldPrice: oldPrice, NewPrice: newPrice,
		PeriodStart: dayOf(s.PeriodStart), PeriodEnd: dayOf(s.PeriodEnd),
		TotalDays: oldDays, RemainingDays: remaining,
		Proration: p.Proration, Downgrade: p.Downgrade,
		Unrounded: money.New(exact, cur).Exact(),
		Rounded:   rounded,
		Rounding:  fmt.Sprintf("half-up to %d decimal places", cur.Scale()),
	}
	if to.Months != from.Months {
		e.NewPeriodDays = newDays
	}
	return Plan{Kind: KindNone, Amount: money.Zero(cur), Explanation: e}, nil
}
