package vmfake

import (
	"math/rand/v2"
	"strconv"
)

// GenerateVMs returns n VMs, the same for the same seed: ids 1..n, names,
// IPs, resources, and templates drawn from DefaultTemplates (by plain name,
// so they resolve on either kind), with about 1% installing and 30%
// stopped.
func GenerateVMs(n int, seed uint64) []VM {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vms := make([]VM, n)
	for i := range vms {
		id := strconv.Itoa(i + 1)
		vm := VM{
			ID:       id,
			Name:     "vps" + id + ".example.com",
			IP:       "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255),
			Template: DefaultTemplates[rng.IntN(len(DefaultTemplates))].Name,
			State:    StateRunning,
			CPUs:     1 + rng.IntN(8),
			RAMMiB:   1024 << rng.IntN(4),
			DiskMiB:  10240 << rng.IntN(3),
		}
		switch p := rng.IntN(100); {
		case p == 0:
			vm.State = StateInstalling
		case p < 31:
			vm.State = StateStopped
		}
		vms[i] = vm
	}
	return vms
}
