package syncplan

import (
	"errors"
	"fmt"
	"time"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
)

// Service is what the planner keeps of one service: the catalog service,
// its account and the host's revision. Cores is filled from the VM.
type Service struct {
	catalog.Service
	Account  catalog.Account
	Revision int64
}

// Rules are what every plan is made under.
type Rules struct {
	// Connection names the VMmanager connection, for notifications.
	Connection string
	// AsOf is the moment of the plan: proration counts days from it.
	AsOf time.Time
	// DryRun marks every planned change.
	DryRun bool
	// Policy prices the changes.
	Policy pricing.Policy
	// Mapper maps templates to add-on values.
	Mapper *mapping.Mapper
	// OSParam is the name changes set the installed template under: the
	// host's "Operating system" parameter. Empty means ParamOSTemplate.
	OSParam string
}

// Outcome says what PlanVM did with a service: InCompliance, Planned, or
// the reason it left the service alone (one of the Skip constants).
type Outcome string

// The outcomes that are no skip.
const (
	// InCompliance: the record already matches the VM; nothing planned.
	InCompliance Outcome = "in_compliance"
	// Planned: actions were planned.
	Planned Outcome = "planned"
)

// Skipped reports whether o is a reason for leaving the service alone.
func (o Outcome) Skipped() bool { return o != InCompliance && o != Planned }

// PlanVM plans one service against its VM as VMmanager lists it: a change
// of the add-on value with a charge or refund per policy, the os_template
// parameter brought into compliance even when no money moves, or a
// notification (insufficient funds, price missing).
func PlanVM(r Rules, t catalog.Tariff, s Service, vm vmmanager.VM) ([]Decision, Outcome) {
	if s.Status != catalog.StatusActive && s.Status != catalog.StatusSuspended {
		return nil, SkipInactive
	}
	// Unknown is not free: no mapping of a template not known yet. What is
	// installed is billed whatever the power state: running, stopped,
	// down, suspended or a state nobody documented.
	if vm.Installing {
		return nil, SkipInstalling
	}
	if vm.Template == "" {
		return nil, SkipNoTemplate
	}
	match := r.Mapper.Map(t.Addon, vm.Template)
	if match.Value == s.AddonValue {
		if vm.Template == s.OSTemplate {
			return nil, InCompliance
		}
		return []Decision{r.change(s, match, nil)}, Planned
	}
	s.Cores = vm.CPUs
	plan, err := pricing.PlanChange(r.Policy, pricing.Change{
		Tariff: t, Service: s.Service, Currency: s.Account.Currency, Template: vm.Template,
		From: s.AddonValue, To: match.Value, At: r.AsOf,
	})
	switch {
	case errors.Is(err, pricing.ErrOutsidePeriod):
		// The host has not renewed the period yet: the next run, inside
		// the new period, plans it.
		return nil, SkipOutsidePeriod
	case err != nil:
		return []Decision{r.priceMissing(s, match, err)}, Planned
	}
	if plan.Kind == pricing.KindRefund && s.Revision == 0 {
		plan.Kind = pricing.KindNone // see the package doc: no revision, no refund
	}
	if r.Policy.Downgrade == pricing.DowngradeRefund {
		plan.Key = keys.WithRevision(plan.Key, s.Revision) // see the package doc
	}
	c := r.change(s, match, nil)
	return r.withMoney(c, s, match, plan, osChangeText(t, plan, r.AsOf)), Planned
}

// withMoney adds a plan's charge or refund to change c, or for a charge
// the account cannot pay under notify_admin, returns the notification
// alone: the change is left for the next run.
func (r Rules) withMoney(c Decision, s Service, match mapping.Result, plan pricing.Plan, text moneyText) []Decision {
	switch plan.Kind {
	case pricing.KindCharge:
		decision, err := pricing.DecideFunds(r.Policy, s.Account, plan.Amount)
		if err != nil {
			return []Decision{r.priceMissing(s, match, err)}
		}
		notice := r.insufficientFunds(s, match, plan, text)
		if decision == pricing.DecisionNotifyAdmin {
			// The add-on stays as it is, so the next run retries the charge.
			return []Decision{{Type: DecideNotice, Notification: notice}}
		}
		fallback := &Fallback{Policy: r.Policy.InsufficientFunds}
		if r.Policy.InsufficientFunds == pricing.FundsNotifyAdmin {
			fallback.Notification = notice
		}
		c.Change.Charge, c.Change.OnInsufficientFunds = r.money(s, match, plan, text), fallback
	case pricing.KindRefund:
		c.Change.Refund = r.money(s, match, plan, text)
	}
	return []Decision{c}
}

// change builds the change of s to match's value and template; with, when
// set, adds the money.
func (r Rules) change(s Service, match mapping.Result, with func(*Change)) Decision {
	c := &Change{
		Key:       string(keys.Change(s.ID, s.AddonValue, match.Value, match.Template, s.PeriodStart, s.Revision)),
		ServiceID: s.ID,
		Params:    map[string]string{r.osParam(): match.Template},
		DryRun:    r.DryRun,
	}
	if match.Value != s.AddonValue {
		c.Addon = &AddonChange{From: s.AddonValue, To: match.Value}
	}
	if with != nil {
		with(c)
	}
	return Decision{Type: DecideChange, Change: c}
}

// ParamOSTemplate is protocol 1's name of the service parameter holding
// the installed template.
const ParamOSTemplate = "os_template"

// osParam is the name changes set the installed template under.
func (r Rules) osParam() string {
	if r.OSParam == "" {
		return ParamOSTemplate
	}
	return r.OSParam
}

// money renders a charge or refund with its explanation and the client's
// notice.
func (r Rules) money(s Service, match mapping.Result, plan pricing.Plan, text moneyText) *Money {
	m := &Money{
		Key:         string(plan.Key),
		Amount:      plan.Amount,
		PeriodStart: s.PeriodStart,
		PeriodEnd:   s.PeriodEnd,
		Description: text.description,
		Explain:     plan.Explanation,
		MatchedBy:   match.Match,
	}
	m.ClientNotice = r.clientNotice(s, match, plan, m, text)
	return m
}

func (r Rules) priceMissing(s Service, match mapping.Result, err error) Decision {
	return Decision{Type: DecideNotice, Notification: &Notice{
		Key: string(keys.Notification(string(NoticePriceMissing), keys.SubjectService, s.ID, match.Value, s.PeriodStart)), Kind: NoticePriceMissing,
		Audience: AudienceAdmin, ServiceID: s.ID, VMID: s.VMID, Connection: r.Connection,
		Template: match.Template, Value: match.Value,
		Message: fmt.Sprintf("service %s runs %s (%s) but it cannot be priced: %v", s.ID, match.Template, match.Value, err),
	}}
}
