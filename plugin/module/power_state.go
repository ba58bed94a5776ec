package module

import (
	"slices"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/vmmanager"
)

// documentedPowerStates are the power states VMmanager 5 and 6 are known
// to report. Neither panel documents a closed list (see
// ../shared/REAL-PEERS.md): VMmanager 5 says running and down, older
// builds on and off; VMmanager 6 says active and stopped, and names the
// steps of create, reinstall, start, stop and migration. Billing never
// reads the power state; an undocumented one is only logged.
var documentedPowerStates = []string{
	"running", "down", "stopped", "active", "on", "off", "suspended", "paused",
	"creating", "os_install", "installing", "reinstalling", "starting", "stopping",
	"restarting", "deleting", "migrating",
}

// maxLoggedPowerStates bounds the undocumented states logged in one run:
// a panel gone wrong must not fill the log with one line per VM.
const maxLoggedPowerStates = 16

// powerStates watches the power states of one run's listing and logs each
// undocumented value once, with the first VM that has it.
type powerStates struct {
	log  hclog.Logger
	seen map[string]bool
}

func newPowerStates(log hclog.Logger) *powerStates {
	return &powerStates{log: log, seen: map[string]bool{}}
}

// observe notes vm's power state.
func (ps *powerStates) observe(vm vmmanager.VM) {
	if slices.Contains(documentedPowerStates, vm.State) || ps.seen[vm.State] {
		return
	}
	switch n := len(ps.seen); {
	case n < maxLoggedPowerStates:
		ps.log.Warn("sync: VM in a power state VMmanager does not document; its installed OS is billed as usual",
			"vm_id", clip(vm.ID), "state", clip(vm.State))
	case n == maxLoggedPowerStates:
		ps.log.Warn("sync: more undocumented power states; no more are logged this run")
	default:
		return
	}
	ps.seen[vm.State] = true
}
