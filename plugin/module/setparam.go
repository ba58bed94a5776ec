package module

import (
	"context"
	"errors"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// SetParam implements rpc.Module.
//
// An OS change is priced first, exactly as a sync run would price the
// template once installed (prorated charge, or refund per policy, under
// the same keys), then the VM is reinstalled and the change returned. A VM
// below the new value's minimums is refused (vm sizes, when sent). When
// the account cannot pay and the policy is notify_admin, or the new value
// has no price, the VM is left as it is and only the notification comes
// back.
//
// A move to another tariff (tariff_id) or period length (period_months)
// keeps a paid OS paid: the installed template is mapped under the new
// tariff and the difference between the new and old daily rates is charged
// or refunded for the rest of the period (see move). A move that would
// leave the installed commercial OS unoffered is refused with
// CodeOSNotOffered, so the host keeps the old tariff and period.
func (m *Module) SetParam(ctx context.Context, p *rpc.SetParamParams) (*rpc.ActionsResult, error) {
	svc, err := m.service(p.Service, "service")
	if err != nil {
		return nil, err
	}
	tariff, err := m.tariff(p.Tariff, "tariff")
	if err != nil {
		return nil, err
	}
	toTariff, tariffField := p.Service.TariffID, "service.tariff_id"
	if p.TariffID != "" {
		toTariff, tariffField = p.TariffID, "tariff_id"
	}
	if tariff.ID != toTariff {
		return nil, rpc.Errorf(rpc.CodeUnknownTariff, tariffField, "tariff %q was not sent (got %q)", toTariff, tariff.ID)
	}
	toMonths := svc.PeriodMonths
	if p.PeriodMonths != 0 {
		toMonths = p.PeriodMonths
	}
	if !tariff.Sells(toMonths) {
		field := "period_months"
		if p.PeriodMonths == 0 {
			field = "service.period_months"
		}
		return nil, rpc.Errorf(rpc.CodeInvalidPeriod, field, "tariff %q does not sell %d months", tariff.ID, toMonths)
	}
	if p.Service.VMID == "" {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "service.vm_id", "required")
	}
	if err := checkSizes(p.VM); err != nil {
		return nil, err
	}
	panel, err := m.panel(p.Service.Connection, "service.connection")
	if err != nil {
		return nil, err
	}
	rules := m.rules(p.Service.Connection, p.AsOf, false)
	moving := toTariff != svc.TariffID || toMonths != svc.PeriodMonths
	if p.OSTemplate == "" {
		if !moving {
			svc.TariffID = toTariff
			return m.remap(svc, tariff, rules), nil
		}
		return m.move(ctx, p, svc, tariff, toMonths, panel, rules)
	}
	if moving {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "os_template",
			"an OS change cannot come with a tariff or period change: send them one at a time")
	}
	if err := checkMinimum(tariff, m.mapper.Map(tariff.Addon, p.OSTemplate).Value, p.VM, "vm"); err != nil {
		return nil, err
	}
	vm, err := findVM(ctx, panel, svc.VMID)
	if err != nil {
		return nil, err
	}
	vm.Template, vm.Installing = p.OSTemplate, false // as it will be once reinstalled
	decisions, _ := syncplan.PlanVM(rules, tariff, svc, vm)
	actions := Actions(decisions)
	for _, a := range actions {
		if a.Notification != nil {
			return &rpc.ActionsResult{Actions: actions}, nil
		}
	}
	if err := panel.Reinstall(ctx, svc.VMID, p.OSTemplate, p.Password); err != nil {
		return nil, panelError(err, "os_template")
	}
	if actions == nil {
		actions = []rpc.Action{}
	}
	return &rpc.ActionsResult{Actions: actions}, nil
}

// move prices a move of svc (as it was) to tariff to at toMonths.
//
// Money may move unless both the service's value and the value its
// template maps to under the new tariff are the new tariff's default;
// then from_tariff, the old tariff, is required for a tariff change. A
// move between defaults is the plain remap it always was.
func (m *Module) move(ctx context.Context, p *rpc.SetParamParams, svc syncplan.Service, to catalog.Tariff,
	toMonths int, panel vmmanager.Panel, rules syncplan.Rules) (*rpc.ActionsResult, error) {
	template := svc.OSTemplate
	if template == "" {
		template = svc.AddonValue // the host has not recorded a template: its value names it
	}
	match := m.mapper.Map(to.Addon, template)
	from := to
	if to.ID != svc.TariffID {
		if svc.AddonValue == to.Addon.Default && match.Value == to.Addon.Default {
			moved := svc
			moved.TariffID = to.ID
			return m.remap(moved, to, rules), nil
		}
		if p.FromTariff == nil {
			return nil, rpc.Errorf(rpc.CodeInvalidParams, "from_tariff",
				"required: service %s has add-on value %q, so the move to tariff %q may move money; send the service's current tariff %q",
				svc.ID, svc.AddonValue, to.ID, svc.TariffID)
		}
		var err error
		if from, err = m.tariff(*p.FromTariff, "from_tariff"); err != nil {
			return nil, err
		}
		if from.ID != svc.TariffID {
			return nil, rpc.Errorf(rpc.CodeUnknownTariff, "from_tariff.id", "%q is not the service's tariff %q", from.ID, svc.TariffID)
		}
		if !from.Sells(svc.PeriodMonths) {
			return nil, rpc.Errorf(rpc.CodeInvalidPeriod, "service.period_months", "tariff %q does not sell %d months", from.ID, svc.PeriodMonths)
		}
	}
	if err := offered(from, to, toMonths, svc, match.Value, template); err != nil {
		return nil, err
	}
	cores, err := m.moveCores(ctx, p, from, to, svc, match.Value, panel)
	if err != nil {
		return nil, err
	}
	svc.Cores = cores
	decisions, err := syncplan.PlanMove(rules, svc, syncplan.Move{From: from, To: to, ToMonths: toMonths, Match: match})
	switch {
	case errors.Is(err, pricing.ErrOutsidePeriod):
		return nil, domainError(err, "as_of")
	case err != nil:
		return nil, domainError(err, "tariff")
	}
	return &rpc.ActionsResult{Actions: Actions(decisions)}, nil
}

// offered refuses a move that would leave the installed commercial OS
// unoffered: the service pays for a value other than the old tariff's
// default and its template falls to the new tariff's default, or the
// value it maps to has no price for the new period in the account's
// currency. Never turn a paid OS free silently.
func offered(from, to catalog.Tariff, toMonths int, svc syncplan.Service, value, template string) error {
	field := "tariff_id"
	if from.ID == to.ID {
		field = "period_months"
	}
	if svc.AddonValue != from.Addon.Default && value == to.Addon.Default {
		return rpc.Errorf(rpc.CodeOSNotOffered, field,
			"tariff %q on %d months does not offer the installed %s (template %q): it would fall to the default %q; the service keeps tariff %q on %d months",
			to.ID, toMonths, label(from, svc.AddonValue), template, to.Addon.Default, from.ID, svc.PeriodMonths)
	}
	if _, err := to.Price(value, toMonths, svc.Account.Currency); errors.Is(err, catalog.ErrPriceMissing) {
		return rpc.Errorf(rpc.CodeOSNotOffered, field,
			"tariff %q has no %d-month price in %s for %s (template %q); the service keeps tariff %q on %d months",
			to.ID, toMonths, svc.Account.Currency, label(to, value), template, from.ID, svc.PeriodMonths)
	}
	return nil
}

// label is a value's display name, else its internal name.
func label(t catalog.Tariff, value string) string {
	if v, ok := t.Addon.Value(value); ok {
		return v.Label()
	}
	return value
}

// moveCores is the core count a move prices per-core values for: vm.cpus
// when sent, else the VM as VMmanager lists it; zero when neither value
// is per-core.
func (m *Module) moveCores(ctx context.Context, p *rpc.SetParamParams, from, to catalog.Tariff, svc syncplan.Service,
	toValue string, panel vmmanager.Panel) (int, error) {
	v1, _ := from.Addon.Value(svc.AddonValue)
	v2, _ := to.Addon.Value(toValue)
	if v1.PerCore == nil && v2.PerCore == nil {
		return 0, nil
	}
	if p.VM != nil && p.VM.CPUs > 0 {
		return p.VM.CPUs, nil
	}
	vm, err := findVM(ctx, panel, svc.VMID)
	if err != nil {
		return 0, err
	}
	return vm.CPUs, nil
}

// checkSizes validates the optional vm sizes.
func checkSizes(s *rpc.VMSizes) error {
	switch {
	case s == nil:
		return nil
	case s.CPUs < 0 || s.CPUs > catalog.MaxCores:
		return rpc.Errorf(rpc.CodeInvalidParams, "vm.cpus", "%d is not within 0..%d", s.CPUs, catalog.MaxCores)
	case s.RAMMiB < 0:
		return rpc.Errorf(rpc.CodeInvalidParams, "vm.ram_mib", "must not be negative")
	case s.DiskMiB < 0:
		return rpc.Errorf(rpc.CodeInvalidParams, "vm.disk_mib", "must not be negative")
	}
	return nil
}

// remap returns the add-on change, without money, that a move between
// free values implies for the installed template.
func (m *Module) remap(svc syncplan.Service, tariff catalog.Tariff, rules syncplan.Rules) *rpc.ActionsResult {
	res := &rpc.ActionsResult{Actions: []rpc.Action{}}
	match := m.mapper.Map(tariff.Addon, svc.OSTemplate)
	if svc.OSTemplate == "" || match.Value == svc.AddonValue {
		return res
	}
	res.Actions = append(res.Actions, rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{
		Key:       string(keys.Remap(svc.ID, svc.AddonValue, match.Value, svc.TariffID, svc.Revision)),
		ServiceID: svc.ID, Addon: &rpc.AddonChange{From: svc.AddonValue, To: match.Value},
		DryRun: rules.DryRun,
	}})
	return res
}
