package module_test

import (
	"encoding/json"
	"strings"
	"testing"

	"osaddon/internal/testlog"
	"osaddon/plugin/pricing"
	"osaddon/testharness/vmfake"
)

// TestBillingIgnoresPowerState: a VM with Windows installed is charged
// whatever its power state: running, stopped, suspended or a state
// nobody documented. An undocumented state is logged once per run, with
// the first VM that has it and the value.
func TestBillingIgnoresPowerState(t *testing.T) {
	states := map[string][]string{
		// VMmanager 5 says off (this fake) or down (real panels) when stopped.
		"vmmanager5": {vmfake.StateRunning, vmfake.StateStopped},
		// VMmanager 6 passes its states through verbatim.
		"vmmanager6": {vmfake.StateRunning, vmfake.StateStopped, "suspended", "hibernating", "hibernating"},
	}
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		var firstHibernating string
		for i, state := range states[kind] {
			id, err := f.AddVM(vmfake.VM{Name: "vps", Template: windows(f), State: state, CPUs: 2})
			if err != nil {
				t.Fatal(err)
			}
			if state == "hibernating" && firstHibernating == "" {
				firstHibernating = id
			}
			b.services = append(b.services, serviceFor(f, "svc-"+string(rune('a'+i)), id, "100.00"))
		}
		var logs testlog.Buffer
		c := inProcessLogged(t, configFor(pricing.DowngradeNone, f), b, &logs)
		for _, run := range []string{"r1", "r2"} {
			res := runSync(t, c, f, run, may10, false)
			ch := changes(res.Actions)
			if len(ch) != len(states[kind]) || res.Summary.Skipped != 0 {
				t.Fatalf("%d changes for %d VMs; summary %+v", len(ch), len(states[kind]), res.Summary)
			}
			for _, c := range ch {
				if c.Charge == nil || c.Charge.Amount != "14.19" {
					t.Fatalf("change = %+v", c)
				}
			}
		}
		var lines []map[string]any
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "power state") {
				var l map[string]any
				if err := json.Unmarshal([]byte(line), &l); err != nil {
					t.Fatal(err)
				}
				lines = append(lines, l)
			}
		}
		if kind == "vmmanager5" {
			if len(lines) != 0 {
				t.Fatalf("documented states logged: %v", lines)
			}
			return
		}
		if len(lines) != 2 { // once in each of the two runs
			t.Fatalf("power state lines = %v", lines)
		}
		for _, l := range lines {
			if l["state"] != "hibernating" || l["vm_id"] != firstHibernating || l["run_id"] == "" {
				t.Fatalf("line = %v, want state hibernating on VM %s", l, firstHibernating)
			}
		}
	})
}
