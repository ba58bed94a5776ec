package module

import (
	"context"
	"strings"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// Open implements rpc.Module. Everything is validated and priced, exactly
// as quote prices it, before VMmanager is touched. The order price in the result is charged by the
// billing core as part of the order, so the open change carries no Charge:
// it only records the add-on value and the VM's params.
//
// Open is idempotent: billing cores restart a failed open, also one whose
// first attempt reached the panel. The VM is named after the service
// (vmmanager.ServiceVMName), and before creating, open looks for a VM of that name;
// when there is one, it answers with it and creates nothing. Opens of one
// service run one at a time, so two at once create at most one VM.
func (m *Module) Open(ctx context.Context, p *rpc.OpenParams) (*rpc.OpenResult, error) {
	svc, tariff, err := m.serviceAndTariff(p.Service, p.Tariff, "")
	if err != nil {
		return nil, err
	}
	if p.Template == "" {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "template", "required")
	}
	if p.VM.CPUs < 0 || p.VM.CPUs > catalog.MaxCores {
		return nil, rpc.Errorf(rpc.CodeInvalidParams, "vm.cpus", "%d is not within 0..%d", p.VM.CPUs, catalog.MaxCores)
	}
	panel, err := m.panel(p.Service.Connection, "service.connection")
	if err != nil {
		return nil, err
	}
	price, err := m.orderPrice(tariff, p.Template, svc.PeriodMonths, svc.Account.Currency, p.VM.CPUs)
	if err != nil {
		return nil, err
	}
	if err := checkOpenMinimum(tariff, price, p.VM); err != nil {
		return nil, err
	}
	unlock, err := m.opening.lock(ctx, p.Service.Connection+"\x00"+svc.ID)
	if err != nil {
		return nil, panelError(m.cancelled(p.Service.Connection, err), "")
	}
	defer unlock()
	vm, err := m.serviceVM(ctx, panel, p)
	if err != nil {
		return nil, err
	}
	// The template chosen is what is installed, even when it maps to the
	// default value.
	change := &rpc.Change{
		Key: string(keys.Open(svc.ID)), ServiceID: svc.ID,
		Addon:  &rpc.AddonChange{From: svc.AddonValue, To: price.Value},
		Params: map[string]string{"vm_id": vm.ID, "ip": vm.IP, m.link.paramName(): p.Template},
	}
	return &rpc.OpenResult{Actions: []rpc.Action{{Type: rpc.ActionChange, Change: change}}, Price: price}, nil
}

// serviceVM returns the VM the service already has, or creates it.
func (m *Module) serviceVM(ctx context.Context, panel vmmanager.Panel, p *rpc.OpenParams) (vmmanager.VM, error) {
	name := vmmanager.ServiceVMName(p.Service.ID)
	found, err := panel.FindByName(ctx, name)
	if err != nil {
		return vmmanager.VM{}, panelError(err, "")
	}
	switch {
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, vm := range found {
			ids[i] = vm.ID
		}
		return vmmanager.VM{}, rpc.Errorf(rpc.CodeVMmanagerRefused, "service.id",
			"VMmanager holds %d VMs named %s (%s) for service %q: remove the extra ones by hand, then open again",
			len(found), name, strings.Join(ids, ", "), p.Service.ID)
	case len(found) == 1:
		vm := found[0]
		if vm.Template != "" && vm.Template != p.Template {
			return vmmanager.VM{}, rpc.Errorf(rpc.CodeInvalidParams, "template",
				"service %q already has VM %s (%s) with template %q, not %q", p.Service.ID, vm.ID, name, vm.Template, p.Template)
		}
		m.log.Info("open: the service already has its VM; nothing created", "service", p.Service.ID, "vm", vm.ID)
		return vm, nil
	}
	vm, err := panel.Create(ctx, vmmanager.CreateSpec{
		Name: name, Template: p.Template, Password: p.VM.Password, User: p.VM.User, Preset: p.VM.Preset,
		CPUs: p.VM.CPUs, RAMMiB: p.VM.RAMMiB, DiskMiB: p.VM.DiskMiB,
	})
	if err != nil {
		return vmmanager.VM{}, panelError(err, "")
	}
	return vm, nil
}

// cancelled is the error of a call given up while it waited its turn.
func (m *Module) cancelled(connection string, err error) error {
	return &vmmanager.Error{Op: "open", Node: connection, Kind: vmmanager.ErrUnreachable, Msg: "gave up waiting for another open of the service", Err: err}
}
