package syncplan_test

import (
	"osaddon/plugin/catalog"
	"osaddon/plugin/module"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// planVM plans one service as the module does, in wire actions.
func planVM(r syncplan.Rules, t catalog.Tariff, s syncplan.Service, vm vmmanager.VM) ([]rpc.Action, syncplan.Outcome) {
	decisions, outcome := syncplan.PlanVM(r, t, s, vm)
	return module.Actions(decisions), outcome
}

// finish finishes a run as the module does, in wire actions and summary.
func finish(p *syncplan.Planner, listErr error) ([]rpc.Action, rpc.SyncSummary) {
	decisions, sum := p.Finish(listErr)
	return module.Actions(decisions), module.SyncSummary(sum)
}
