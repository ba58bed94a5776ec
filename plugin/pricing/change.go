package pricing

import (
	"fmt"
	"time"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/money"
)

// Change is a move of a service's add-on from one value to another at a
// moment inside its paid period.
type Change struct {
	Tariff  catalog.Tariff
	Service catalog.Service
	// Currency is the account's currency.
	Currency money.Currency
	// Template is the installed or chosen template behind the change.
	Template string
	From, To string
	At       time.Time
}

// Kind is what a planned change does with money.
type Kind string

// The kinds of plan.
const (
	KindNone   Kind = "none"
	KindCharge Kind = "charge"
	KindRefund Kind = "refund"
)

// Plan is the money side of a change.
type Plan struct {
	Kind Kind
	// Amount is positive and rounded for a charge or refund, zero for none.
	Amount money.Money
	// Key is the charge or refund key; empty for none.
	Key keys.Key
	// NotifyKey keys the insufficient-funds notification for a charge.
	NotifyKey   keys.Key
	Explanation Explanation
}

// Explanation shows a plan's arithmetic for a dry run.
type Explanation struct {
	Template    string
	FromValue   string
	ToValue     string
	OldPrice    money.Money // for the whole period, exact
	NewPrice    money.Money // for the whole period, exact
	PeriodStart time.Time
	PeriodEnd   time.Time
	TotalDays   int64
	// NewPeriodDays, for a move to another period length, are the days of
	// a period of the new length from PeriodStart; zero otherwise.
	NewPeriodDays int64
	// RemainingDays counts the day of the change; equal to TotalDays under
	// full_period proration.
	RemainingDays int64
	Proration     Proration
	Downgrade     Downgrade
	// Unrounded is the exact signed amount, shown to 12 decimal places
	// when it does not terminate sooner; display only.
	Unrounded string
	// Rounded is the signed amount after the one rounding.
	Rounded  money.Money
	Rounding string
}

// String renders the explanation on one line.
func (e Explanation) String() string {
	if e.NewPeriodDays != 0 {
		return fmt.Sprintf("%s: %s→%s, (%s / %d − %s / %d) × %d days = %s → %s (%s)",
			e.Template, e.FromValue, e.ToValue, e.NewPrice.Exact(), e.NewPeriodDays, e.OldPrice.Exact(), e.TotalDays,
			e.RemainingDays, e.Unrounded, e.Rounded, e.Rounding)
	}
	return fmt.Sprintf("%s: %s→%s, (%s − %s) × %d/%d days = %s → %s (%s)",
		e.Template, e.FromValue, e.ToValue, e.NewPrice.Exact(), e.OldPrice.Exact(),
		e.RemainingDays, e.TotalDays, e.Unrounded, e.Rounded, e.Rounding)
}

// unroundedDigits is how many decimals Explanation.Unrounded shows.
const unroundedDigits = 12

// PlanChange prices a change from c.From to c.To at c.At under p. Seed:
// "BILLmanager will try to charge the client according to the service
// price." Both prices are the tariff's current prices for the service's
// period length, so a period that started before a price change is
// charged at today's price.
//
// Under daily proration the amount is (new − old) × remaining / total
// days, rounded half-up once. Under full_period it is new − old, rounded
// once. A positive amount is a charge keyed per (service, new value,
// period start): repeating the change in the same period repeats the key,
// and the host applies it once. A negative amount is a refund keyed per
// (service, old value, period start) when p.Downgrade is refund, and
// nothing otherwise. An amount that rounds to zero is nothing.
func PlanChange(p Policy, c Change) (Plan, error) {
	s := c.Service
	plan, err := planRates(p, s, c.At, c.Currency, c.Template,
		side{Tariff: c.Tariff, Value: c.From, Months: s.PeriodMonths}, side{Tariff: c.Tariff, Value: c.To, Months: s.PeriodMonths})
	if err != nil {
		return Plan{}, err
	}
	rounded := plan.Explanation.Rounded
	switch {
	case rounded.Sign() > 0:
		plan.Kind, plan.Amount = KindCharge, rounded
		plan.Key = keys.Charge(s.ID, c.To, s.PeriodStart)
		plan.NotifyKey = keys.Notification(NotifyInsufficientFunds, keys.SubjectService, s.ID, c.To, s.PeriodStart)
	case rounded.Sign() < 0 && p.Downgrade == DowngradeRefund:
		plan.Kind, plan.Amount = KindRefund, rounded.Abs()
		plan.Key = keys.Refund(s.ID, c.From, s.PeriodStart)
	}
	return plan, nil
}

// NotifyInsufficientFunds is the notification kind for a charge the
// account cannot pay.
const NotifyInsufficientFunds = "insufficient_funds"
