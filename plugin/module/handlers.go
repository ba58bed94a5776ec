package module

import (
	"context"
	"errors"
	"time"

	"osaddon/plugin/catalog"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

var _ rpc.Module = (*Module)(nil)

// CheckConnection implements rpc.Module: it logs in to every configured
// connection (or the one named) and counts its templates.
func (m *Module) CheckConnection(ctx context.Context, p *rpc.CheckConnectionParams) (*rpc.CheckConnectionResult, error) {
	names := m.connectionNames()
	if p.Connection != "" {
		if _, err := m.panel(p.Connection, "connection"); err != nil {
			return nil, err
		}
		names = []string{p.Connection}
	}
	res := &rpc.CheckConnectionResult{Connections: []rpc.ConnectionStatus{}}
	for _, name := range names {
		st := rpc.ConnectionStatus{Name: name, Kind: m.kinds[name]}
		panel := m.panels[name]
		err := panel.Check(ctx)
		if err == nil {
			var ts []vmmanager.Template
			ts, err = panel.ListTemplates(ctx)
			st.Templates = len(ts)
		}
		if err != nil {
			st.Error = err.Error()
		} else {
			st.OK = true
		}
		res.Connections = append(res.Connections, st)
	}
	return res, nil
}

// serviceAndTariff converts a service and its tariff; tariffID, when set,
// is the tariff the service moves to.
func (m *Module) serviceAndTariff(s rpc.Service, t rpc.Tariff, tariffID string) (syncplan.Service, catalog.Tariff, error) {
	svc, err := m.service(s, "service")
	if err != nil {
		return svc, catalog.Tariff{}, err
	}
	tariff, err := m.tariff(t, "tariff")
	if err != nil {
		return svc, tariff, err
	}
	field := "service.tariff_id"
	if tariffID != "" {
		svc.TariffID, field = tariffID, "tariff_id"
	}
	if tariff.ID != svc.TariffID {
		return svc, tariff, rpc.Errorf(rpc.CodeUnknownTariff, field, "tariff %q was not sent (got %q)", svc.TariffID, tariff.ID)
	}
	if !tariff.Sells(svc.PeriodMonths) {
		return svc, tariff, rpc.Errorf(rpc.CodeInvalidPeriod, "service.period_months", "tariff %q does not sell %d months", tariff.ID, svc.PeriodMonths)
	}
	return svc, tariff, nil
}

// vmOf names the VM of a service for suspend, resume and close.
func (m *Module) vmOf(p *rpc.ServiceParams) (vmmanager.Panel, string, error) {
	if err := requireService(p.Service, "service"); err != nil {
		return nil, "", err
	}
	if p.Service.VMID == "" {
		return nil, "", rpc.Errorf(rpc.CodeInvalidParams, "service.vm_id", "required")
	}
	panel, err := m.panel(p.Service.Connection, "service.connection")
	return panel, p.Service.VMID, err
}

// Suspend implements rpc.Module: it stops the VM.
func (m *Module) Suspend(ctx context.Context, p *rpc.ServiceParams) (*rpc.ActionsResult, error) {
	panel, id, err := m.vmOf(p)
	if err != nil {
		return nil, err
	}
	if err := panel.Stop(ctx, id); err != nil {
		return nil, panelError(err, "service.vm_id")
	}
	return &rpc.ActionsResult{Actions: []rpc.Action{}}, nil
}

// Close implements rpc.Module: it deletes the VM. A VM already gone is
// closed, so a repeated close succeeds.
func (m *Module) Close(ctx context.Context, p *rpc.ServiceParams) (*rpc.ActionsResult, error) {
	panel, id, err := m.vmOf(p)
	if err != nil {
		return nil, err
	}
	if err := panel.Delete(ctx, id); err != nil && !errors.Is(err, vmmanager.ErrNotFound) {
		return nil, panelError(err, "service.vm_id")
	}
	return &rpc.ActionsResult{Actions: []rpc.Action{}}, nil
}

// Resume implements rpc.Module: it starts the VM and, when the tariff is
// sent, re-checks the installed OS exactly as a sync run would plan it.
// A failed re-check changes nothing: the next sync run retries it.
func (m *Module) Resume(ctx context.Context, p *rpc.ServiceParams) (*rpc.ActionsResult, error) {
	panel, id, err := m.vmOf(p)
	if err != nil {
		return nil, err
	}
	var svc syncplan.Service
	var tariff catalog.Tariff
	if p.Tariff != nil {
		if svc, tariff, err = m.serviceAndTariff(p.Service, *p.Tariff, ""); err != nil {
			return nil, err
		}
	}
	if err := panel.Start(ctx, id); err != nil {
		return nil, panelError(err, "service.vm_id")
	}
	res := &rpc.ActionsResult{Actions: []rpc.Action{}}
	if p.Tariff == nil {
		return res, nil
	}
	vm, err := findVM(ctx, panel, id)
	if err != nil {
		m.log.Warn("resume: cannot re-check the installed OS", "service", svc.ID, "error", err)
		return res, nil
	}
	decisions, _ := syncplan.PlanVM(m.rules(p.Service.Connection, p.AsOf, false), tariff, svc, vm)
	actions := Actions(decisions)
	res.Actions = append(res.Actions, actions...)
	return res, nil
}

// errFound stops a listing once the VM sought is found.
var errFound = errors.New("module: found")

// findVM streams the listing until the VM with id shows up.
func findVM(ctx context.Context, panel vmmanager.Panel, id string) (vmmanager.VM, error) {
	var found vmmanager.VM
	err := panel.ListVMs(ctx, func(vm vmmanager.VM) error {
		if vm.ID == id {
			found = vm
			return errFound
		}
		return nil
	})
	switch {
	case errors.Is(err, errFound):
		return found, nil
	case err != nil:
		return found, panelError(err, "service.vm_id")
	}
	return found, rpc.Errorf(rpc.CodeVMNotFound, "service.vm_id", "VM %q is not listed", id)
}

// rules are the planning rules of a call.
func (m *Module) rules(connection string, asOf time.Time, dryRun bool) syncplan.Rules {
	return syncplan.Rules{Connection: connection, AsOf: asOf, DryRun: dryRun, Policy: m.policy, Mapper: m.mapper,
		OSParam: m.link.paramName()}
}
