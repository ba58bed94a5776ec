package syncplan

import (
	"fmt"
	"time"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
)

// moneyText is what people read about a charge or refund: the statement
// line and the client's notice. Values go by their display names.
type moneyText struct {
	// description is the statement line, such as "Windows Server 2019,
	// 21 of 31 days from 11 March".
	description string
	// subject names what the money is for, such as "Windows Server 2019".
	subject string
}

// osChangeText describes the money of an OS change: the value charged
// (the new one) or refunded (the old one).
func osChangeText(t catalog.Tariff, plan pricing.Plan, asOf time.Time) moneyText {
	e := plan.Explanation
	subject := label(t, e.ToValue)
	if plan.Kind == pricing.KindRefund {
		subject = label(t, e.FromValue)
	}
	return moneyText{subject: subject, description: fmt.Sprintf("%s, %s", subject, days(e, asOf))}
}

// moveText describes the money of a move to another tariff or period.
func moveText(from, to catalog.Tariff, fromMonths, toMonths int, plan pricing.Plan, asOf time.Time) moneyText {
	e := plan.Explanation
	subject := label(to, e.ToValue)
	if plan.Kind == pricing.KindRefund {
		subject = label(from, e.FromValue)
	}
	what := fmt.Sprintf("%s, %s → %s", subject, tariffLabel(from, fromMonths), tariffLabel(to, toMonths))
	return moneyText{subject: subject, description: fmt.Sprintf("%s, %s", what, days(e, asOf))}
}

// label is a value's display name, or its internal name when it has none.
func label(t catalog.Tariff, value string) string {
	if v, ok := t.Addon.Value(value); ok {
		return v.Label()
	}
	return value
}

// tariffLabel names a tariff and a period length, such as "VPS L, 12
// months".
func tariffLabel(t catalog.Tariff, months int) string {
	name := t.Name
	if name == "" {
		name = t.ID
	}
	unit := "months"
	if months == 1 {
		unit = "month"
	}
	return fmt.Sprintf("%s, %d %s", name, months, unit)
}

// days renders the days billed, such as "21 of 31 days from 11 March".
func days(e pricing.Explanation, asOf time.Time) string {
	from := asOf
	if e.RemainingDays == e.TotalDays {
		from = e.PeriodStart // full_period, or a change on the first day
	}
	return fmt.Sprintf("%d of %d days from %s", e.RemainingDays, e.TotalDays, from.UTC().Format("2 January"))
}

// clientNotice is the client's notice of money m: the host records it with
// the money, and only when it takes the money.
func (r Rules) clientNotice(s Service, match mapping.Result, plan pricing.Plan, m *Money, text moneyText) *Notice {
	kind, verb := NoticeAddonCharged, "charged"
	if plan.Kind == pricing.KindRefund {
		kind, verb = NoticeAddonRefunded, "refunded"
	}
	return &Notice{
		Key: string(keys.ClientNotice(string(kind), keys.Key(m.Key))), Kind: kind, Audience: AudienceClient,
		ServiceID: s.ID, VMID: s.VMID, Template: match.Template, Value: match.Value,
		Message: fmt.Sprintf("We %s %s %s for the operating system on service %s: %s.",
			verb, m.Amount.Decimal(), m.Amount.Currency.Code(), s.ID, m.Description),
	}
}

// insufficientFunds is the administrator's notice of a charge the account
// cannot pay: whose account, which service, and what the client must pay.
// It also rides with a charge the account could pay when the host sent it,
// as the fallback for a balance that fell before the charge was applied:
// then the snapshot's shortfall means nothing, and the notice says so.
func (r Rules) insufficientFunds(s Service, match mapping.Result, plan pricing.Plan, text moneyText) *Notice {
	a := s.Account
	short := plan.Amount.Amount.Sub(a.Balance.Add(a.CreditLimit))
	cur, scale := a.Currency.Code(), a.Currency.Scale()
	message := fmt.Sprintf("account %s cannot pay %s for service %s (%s) when the charge is applied: "+
		"the client must add funds to cover it; the add-on stays %s until then",
		a.ID, plan.Amount, s.ID, text.description, s.AddonValue)
	if short.IsPositive() {
		message = fmt.Sprintf("account %s cannot pay %s for service %s (%s); balance %s %s, credit limit %s %s: "+
			"the client must pay %s %s more; the add-on stays %s until then",
			a.ID, plan.Amount, s.ID, text.description, a.Balance.StringFixed(scale), cur,
			a.CreditLimit.StringFixed(scale), cur, short.StringFixed(scale), cur, s.AddonValue)
	}
	return &Notice{
		Key: string(plan.NotifyKey), Kind: NoticeInsufficientFunds, Audience: AudienceAdmin,
		ServiceID: s.ID, VMID: s.VMID, Connection: r.Connection, Template: match.Template, Value: match.Value,
		Message: message,
	}
}
