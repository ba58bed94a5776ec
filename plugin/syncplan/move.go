package syncplan

import (
	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
)

// Move is a service's move to another tariff or period length, as
// setparam reports it.
type Move struct {
	// From is the service's tariff before the move; s.TariffID names it.
	From catalog.Tariff
	// To is the tariff after the move, with ToMonths its new period length.
	To       catalog.Tariff
	ToMonths int
	// Match is the installed template mapped under To.
	Match mapping.Result
}

// PlanMove plans the money of a move: the add-on at the mapped value, and
// the difference between the new and old daily rates for the rest of the
// period (pricing.PlanMove), charged or refunded per policy like an OS
// change. It returns no action when nothing changes and no money moves,
// and the insufficient-funds notification alone when the account cannot
// pay under notify_admin. s.Cores must be set for per-core values.
func PlanMove(r Rules, s Service, mv Move) ([]Decision, error) {
	plan, err := pricing.PlanMove(r.Policy, pricing.Move{
		FromTariff: mv.From, ToTariff: mv.To, Service: s.Service, Revision: s.Revision,
		Currency: s.Account.Currency, Template: mv.Match.Template,
		From: s.AddonValue, To: mv.Match.Value, ToMonths: mv.ToMonths, At: r.AsOf,
	})
	if err != nil {
		return nil, err
	}
	if plan.Kind == pricing.KindRefund && s.Revision == 0 {
		plan.Kind = pricing.KindNone // see the package doc: no revision, no refund
	}
	if plan.Kind == pricing.KindNone && mv.Match.Value == s.AddonValue {
		return []Decision{}, nil
	}
	c := &Change{
		Key:       string(keys.MoveChange(s.ID, mv.From.ID, mv.To.ID, s.PeriodMonths, mv.ToMonths, s.Revision)),
		ServiceID: s.ID,
		DryRun:    r.DryRun,
	}
	if mv.Match.Value != s.AddonValue {
		c.Addon = &AddonChange{From: s.AddonValue, To: mv.Match.Value}
	}
	text := moveText(mv.From, mv.To, s.PeriodMonths, mv.ToMonths, plan, r.AsOf)
	return r.withMoney(Decision{Type: DecideChange, Change: c}, s, mv.Match, plan, text), nil
}
