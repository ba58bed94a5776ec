package syncplan_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"osaddon/plugin/catalog"
	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// TestBillingFollowsTheInstalledOS: what is installed is billed alike in
// every power state, a state nobody documented included; only an install
// in progress defers the service.
func TestBillingFollowsTheInstalledOS(t *testing.T) {
	for _, state := range []string{"running", "down", "stopped", "off", "active", "suspended", "hibernating", ""} {
		t.Run(fmt.Sprintf("state %q", state), func(t *testing.T) {
			v := vm("Windows-Server-2019")
			v.State = state
			actions, outcome := planVM(rules(t, pricing.DowngradeNone), tariff(), service("Free OS", "CentOS-7", "100", 1), v)
			if outcome != syncplan.Planned || len(actions) != 1 || actions[0].Change == nil ||
				actions[0].Change.Charge == nil || actions[0].Change.Charge.Amount != "14.19" {
				t.Fatalf("outcome %q, actions %+v", outcome, actions)
			}
		})
	}
	installing := vm("Windows-Server-2019")
	installing.State, installing.Installing = "down", true
	if actions, outcome := planVM(rules(t, pricing.DowngradeNone), tariff(), service("Free OS", "CentOS-7", "100", 1), installing); outcome != rpc.SkipInstalling || len(actions) != 0 {
		t.Fatalf("installing: outcome %q, actions %+v", outcome, actions)
	}
}

// skipFixture is a run in which services are left alone for every reason
// the planner has, next to one that is charged.
func skipFixture(t *testing.T) *syncplan.Planner {
	t.Helper()
	p := syncplan.New(rules(t, pricing.DowngradeNone))
	p.AddTariff(tariff())
	add := func(id, vmID string, edit func(*syncplan.Service)) {
		s := service("Free OS", "CentOS-7", "100", 1)
		s.ID, s.VMID = id, vmID
		if edit != nil {
			edit(&s)
		}
		p.AddService(s)
	}
	add("installing", "1", nil)
	add("no-template", "2", nil)
	add("claim-a", "3", nil)
	add("claim-b", "3", nil)
	add("missing", "4", nil)
	add("ordered", "", func(s *syncplan.Service) { s.Status = catalog.StatusOrdered })
	add("no-vm", "", nil)
	add("renewal-due", "5", func(s *syncplan.Service) {
		s.PeriodStart, s.PeriodEnd = s.PeriodStart.AddDate(0, -1, 0), s.PeriodStart
	})
	add("paid", "7", nil)
	add("paid", "7", nil) // the host sent it twice
	add("unknown-tariff", "8", func(s *syncplan.Service) { s.TariffID = "vps-9" })
	p.AddInvalid(syncplan.Invalid{ServiceID: "bad", VMID: "6", Page: 1, Field: "services[2].account.balance",
		Message: `money must be a decimal string such as "12.50", got JSON number`})
	return p
}

// observeFixture lists the fixture's VMs; VM 4 is not listed.
func observeFixture(p *syncplan.Planner) {
	installing := vm("Windows-Server-2019")
	installing.ID, installing.Installing = "1", true
	for _, v := range []vmmanager.VM{
		installing,
		{ID: "2", State: "running"},
		{ID: "3", Template: "Windows-Server-2019", State: "down"},
		{ID: "5", Template: "Windows-Server-2019", State: "running"},
		{ID: "6", Template: "Windows-Server-2019", State: "running"},
		{ID: "7", Template: "Windows-Server-2019", State: "hibernating", CPUs: 2},
		{ID: "8", Template: "Windows-Server-2019", State: "running"},
	} {
		p.ObserveVM(v)
	}
}

// TestSkippedByReason: every service left alone is counted once, under
// its reason; the reasons the administrator can fix are listed in one
// services_skipped notification, the others are not; an invalid service's
// VM is claimed, so it is no orphan.
func TestSkippedByReason(t *testing.T) {
	p := skipFixture(t)
	observeFixture(p)
	actions, sum := finish(p, nil)
	want := rpc.SkipCounts{Installing: 1, NoTemplate: 1, VMClaimedTwice: 2, VMMissing: 1,
		Inactive: 1, NoVM: 1, OutsidePeriod: 1, DuplicateService: 1, ServiceInvalid: 2}
	if sum.SkippedByReason != want || sum.Skipped != 11 || sum.Services != 12 || sum.Charges != 1 {
		t.Fatalf("summary = %+v,\nwant by reason %v", sum, want)
	}
	if n := noticesByKind(actions)[rpc.NoticeOrphanVM]; len(n) != 0 {
		t.Fatalf("orphans = %+v", n)
	}
	invalid := noticesByKind(actions)[rpc.NoticeServiceInvalid]
	if len(invalid) != 2 {
		t.Fatalf("service_invalid = %+v", invalid)
	}
	for _, n := range invalid {
		if n.ServiceID == "bad" && (n.Field != "services[2].account.balance" || n.VMID != "6" ||
			!strings.Contains(n.Message, "billing/services page 1: services[2].account.balance: money must be")) {
			t.Fatalf("service_invalid = %+v", n)
		}
		if n.ServiceID == "unknown-tariff" && n.Field != "tariff_id" {
			t.Fatalf("service_invalid = %+v", n)
		}
	}
	list := noticesByKind(actions)[rpc.NoticeServicesSkipped]
	if len(list) != 1 {
		t.Fatalf("services_skipped = %+v", list)
	}
	msg := list[0].Message
	for _, named := range []string{"service_invalid: bad (VM 6), unknown-tariff (VM 8)", "no_template: no-template (VM 2)",
		"vm_claimed_twice: claim-a (VM 3), claim-b (VM 3)", "vm_missing: missing (VM 4)", "no_vm: no-vm"} {
		if !strings.Contains(msg, named) {
			t.Errorf("services_skipped does not say %q: %s", named, msg)
		}
	}
	for _, unnamed := range []string{"installing", "ordered", "renewal-due", "paid"} {
		if strings.Contains(msg, unnamed) {
			t.Errorf("services_skipped names %q, which the administrator cannot fix: %s", unnamed, msg)
		}
	}
	again := skipFixture(t)
	observeFixture(again)
	if other, _ := finish(again, nil); noticesByKind(other)[rpc.NoticeServicesSkipped][0].Key != list[0].Key {
		t.Fatal("the same listing got another key")
	}
}

// TestFailedListingKeepsWhatTheHostSent: a listing that breaks off
// concludes nothing about VMs, but what was wrong in the host's data still
// stands: the service_invalid notification, and the listing of it.
// Whether the listing broke off before or after the VMs makes no
// difference.
func TestFailedListingKeepsWhatTheHostSent(t *testing.T) {
	for _, observed := range []bool{false, true} {
		p := skipFixture(t)
		if observed {
			observeFixture(p)
		}
		actions, sum := finish(p, errors.New("listing broke off"))
		want := rpc.SkipCounts{ServiceInvalid: 2, VMClaimedTwice: 2, Inactive: 1, NoVM: 1, DuplicateService: 1, ListingIncomplete: 5}
		if sum.Complete || sum.Skipped != sum.Services || sum.SkippedByReason != want {
			t.Fatalf("VMs observed %v: summary = %+v, want by reason %v", observed, sum, want)
		}
		if countChanges(actions) != 0 || len(noticesByKind(actions)[rpc.NoticeVMmanagerUnreachable]) != 1 ||
			len(noticesByKind(actions)[rpc.NoticeServiceInvalid]) != 2 || len(noticesByKind(actions)[rpc.NoticeServicesSkipped]) != 1 {
			t.Fatalf("VMs observed %v: actions = %+v", observed, actions)
		}
	}
}

// TestSkippedListingIsBounded: a run that leaves thousands of services
// alone names a bounded number per reason and counts the rest.
func TestSkippedListingIsBounded(t *testing.T) {
	p := syncplan.New(rules(t, pricing.DowngradeNone))
	p.AddTariff(tariff())
	for i := range 5000 {
		s := service("Free OS", "CentOS-7", "100", 1)
		s.ID, s.VMID = fmt.Sprintf("svc-%04d", i), fmt.Sprint(i)
		p.AddService(s)
		p.ObserveVM(vmmanager.VM{ID: s.VMID, State: "running"})
	}
	actions, sum := finish(p, nil)
	list := noticesByKind(actions)[rpc.NoticeServicesSkipped]
	if sum.SkippedByReason.NoTemplate != 5000 || len(list) != 1 {
		t.Fatalf("summary %+v, listing %+v", sum, list)
	}
	if msg := list[0].Message; len(msg) > 2000 || !strings.Contains(msg, "and 4980 more") || !strings.HasPrefix(msg, "5000 services") {
		t.Fatalf("listing of %d bytes: %.300s", len(msg), msg)
	}
}

// noticesByKind groups a plan's notifications by kind.
func noticesByKind(actions []rpc.Action) map[string][]rpc.Notification {
	out := map[string][]rpc.Notification{}
	for _, a := range actions {
		if n := a.Notification; n != nil {
			out[n.Kind] = append(out[n.Kind], *n)
		}
	}
	return out
}

// countChanges counts a plan's changes.
func countChanges(actions []rpc.Action) int {
	n := 0
	for _, a := range actions {
		if a.Change != nil {
			n++
		}
	}
	return n
}
