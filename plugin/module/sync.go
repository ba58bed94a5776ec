package module

import (
	"context"

	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// DefaultPageSize is the billing/services page size asked for when the
// params leave it to the module.
const DefaultPageSize = 500

// maxLoggedInvalid bounds the invalid services logged one by one in a
// run; the notifications name every one.
const maxLoggedInvalid = 20

// progressEvery is how many VMs pass between two $/progress notifications.
const progressEvery = 1000

// SyncServer implements rpc.Module: one synchronization run for one
// connection. It pages the connection's services in from the host, keeps
// them indexed by VM id, streams the VM listing through the planner and
// returns the plan. A failed listing plans no change (see syncplan).
func (m *Module) SyncServer(ctx context.Context, p *rpc.SyncServerParams) (*rpc.SyncServerResult, error) {
	panel, err := m.panel(p.Connection, "connection")
	if err != nil {
		return nil, err
	}
	planner := syncplan.New(m.rules(p.Connection, p.AsOf, p.DryRun))
	if err := m.loadServices(ctx, p, planner); err != nil {
		return nil, err
	}
	templates, err := panel.ListTemplates(ctx)
	if err == nil {
		planner.SetTemplates(templates)
		vms, states := 0, newPowerStates(m.log.With("connection", p.Connection, "run_id", p.RunID))
		err = panel.ListVMs(ctx, func(vm vmmanager.VM) error {
			states.observe(vm)
			planner.ObserveVM(vm)
			if vms++; vms%progressEvery == 0 {
				m.host.Progress(ctx, &rpc.ProgressParams{RunID: p.RunID, Phase: "vms", Done: vms})
			}
			return nil
		})
	}
	if err != nil {
		m.log.Warn("sync: listing failed; nothing changes", "connection", p.Connection, "run_id", p.RunID, "error", err)
	}
	decisions, plan := planner.Finish(err)
	actions, summary := Actions(decisions), SyncSummary(plan)
	m.host.Progress(ctx, &rpc.ProgressParams{RunID: p.RunID, Phase: "plan", Done: len(actions), Total: len(actions)})
	m.log.Info("sync planned", "connection", p.Connection, "run_id", p.RunID, "dry_run", p.DryRun,
		"complete", summary.Complete, "vms", summary.VMs, "services", summary.Services,
		"changes", summary.Changes, "charges", summary.Charges, "skipped", summary.Skipped,
		"skipped_by_reason", summary.SkippedByReason)
	return &rpc.SyncServerResult{RunID: p.RunID, DryRun: p.DryRun, Actions: actions, Summary: summary}, nil
}

// loadServices pages the connection's services and tariffs into the
// planner. Faults stay per service: a service that cannot be read, that
// belongs to another connection, or whose tariff is unknown or cannot be
// read is added as invalid (left alone, its VM claimed, the field named in
// a service_invalid notification). Only a page that cannot be read at all
// fails the run.
func (m *Module) loadServices(ctx context.Context, p *rpc.SyncServerParams, planner *syncplan.Planner) error {
	limit := p.PageSize
	if limit == 0 {
		limit = DefaultPageSize
	}
	cursor, seen, done, invalid := "", map[string]bool{}, 0, 0
	for page := 0; ; page++ {
		res, err := m.host.Services(ctx, &rpc.ServicesParams{Connection: p.Connection, Cursor: cursor, Limit: limit})
		if err != nil {
			return rpc.Errorf(rpc.CodeHostCallback, "", "billing/services page %d: %v", page, err)
		}
		if len(res.Services) > limit {
			return rpc.Errorf(rpc.CodeHostCallback, "", "billing/services page %d holds %d services, over the limit %d", page, len(res.Services), limit)
		}
		for _, s := range m.readPage(res, p.Connection, planner) {
			if s.invalid != nil {
				inv := *s.invalid
				inv.Page = page
				if invalid++; invalid <= maxLoggedInvalid {
					m.log.Warn("sync: service left alone", "connection", p.Connection, "run_id", p.RunID, "page", page,
						"service", clip(inv.ServiceID), "field", inv.Field, "error", clip(inv.Message))
				} else if invalid == maxLoggedInvalid+1 {
					m.log.Warn("sync: more services left alone; the service_invalid notifications name each",
						"connection", p.Connection, "run_id", p.RunID)
				}
				planner.AddInvalid(inv)
				continue
			}
			planner.AddService(s.service)
		}
		done += len(res.Services)
		m.host.Progress(ctx, &rpc.ProgressParams{RunID: p.RunID, Phase: "services", Done: done})
		if res.NextCursor == "" {
			return nil
		}
		if seen[res.NextCursor] {
			return rpc.Errorf(rpc.CodeHostCallback, "", "billing/services cursor %q repeats", res.NextCursor)
		}
		seen[res.NextCursor], cursor = true, res.NextCursor
	}
}
