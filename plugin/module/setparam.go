package module

import (
	"context"

	"osaddon/plugin/catalog"
	"osaddon/plugin/syncplan"
	"osaddon/rpc"
)

// SetParam implements rpc.Module.
//
// An OS change is priced first, exactly as a sync run would price the
// template once installed (prorated charge, or refund per policy, under
// the same keys), then the VM is reinstalled and the change returned. When
// the account cannot pay and the policy is notify_admin, or the new value
// has no price, the VM is left as it is and only the notification comes
// back.
//
// A period or tariff change moves no money here: the billing core prices
// the service, add-on included, at the new period or tariff as its own
// billing does. The module only re-maps the installed template under the
// (new) tariff and returns the add-on change when the value differs, with
// no charge.
func (m *Module) SetParam(ctx context.Context, p *rpc.SetParamParams) (*rpc.ActionsResult, error) {
	svc, tariff, err := m.serviceAndTariff(p.Service, p.Tariff, p.TariffID)
	if err != nil {
		return nil, err
	}
	if p.PeriodMonths != 0 {
		if !tariff.Sells(p.PeriodMonths) {
			return nil, rpc.Errorf(rpc.CodeInvalidPeriod, "period_months", "tariff %q does not sell %d months", tariff.ID, p.PeriodMonths)
		}
	}
	if p.Service.VMID == "" {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "service.vm_id", "required")
	}
	panel, err := m.panel(p.Service.Connection, "service.connection")
	if err != nil {
		return nil, err
	}
	rules := m.rules(p.Service.Connection, p.AsOf, false)
	if p.OSTemplate == "" {
		return m.remap(svc, tariff, rules), nil
	}
	vm, err := findVM(ctx, panel, svc.VMID)
	if err != nil {
		return nil, err
	}
	vm.Template, vm.Installing = p.OSTemplate, false // as it will be once reinstalled
	actions, _ := syncplan.PlanVM(rules, tariff, svc, vm)
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

// remap returns the add-on change, without money, that a tariff or period
// change implies for the installed template.
func (m *Module) remap(svc syncplan.Service, tariff catalog.Tariff, rules syncplan.Rules) *rpc.ActionsResult {
	res := &rpc.ActionsResult{Actions: []rpc.Action{}}
	match := m.mapper.Map(tariff.Addon, svc.OSTemplate)
	if svc.OSTemplate == "" || match.Value == svc.AddonValue {
		return res
	}
	res.Actions = append(res.Actions, rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{
		Key:       syncplan.RemapKey(svc.ID, svc.AddonValue, match.Value, svc.TariffID, svc.Revision),
		ServiceID: svc.ID, Addon: &rpc.AddonChange{From: svc.AddonValue, To: match.Value},
		DryRun: rules.DryRun,
	}})
	return res
}
