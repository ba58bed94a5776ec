package vmfake_test

import (
	"context"
	"strings"
	"testing"

	"osaddon/internal/testlog"
	"osaddon/plugin/vmmanager"
	"osaddon/testharness/vmfake"
)

// TestContractPanelIgnoringPaging: a v6 panel that answers its whole list
// to every page is read once, each VM handed on once.
func TestContractPanelIgnoringPaging(t *testing.T) {
	f := vmfake.NewV6(t)
	f.SetIgnorePaging(true)
	if err := f.AddVMs(vmfake.GenerateVMs(1200, 3)); err != nil {
		t.Fatal(err)
	}
	e := &env{kind: f.Kind(), fake: f, log: &testlog.Buffer{}}
	p := e.panel(t, f.Config())
	if err := p.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := f.Requests()
	seen := map[string]int{}
	if err := p.ListVMs(context.Background(), func(vm vmmanager.VM) error { seen[vm.ID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1200 {
		t.Errorf("listed %d distinct VMs, want 1200", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("VM %s handed on %d times", id, n)
		}
	}
	// One os list and one host list.
	if n := f.Requests() - before; n != 2 {
		t.Errorf("made %d requests, want 2", n)
	}
}

// TestContractTaskFails: an operation the panel accepts but whose task
// fails is an error carrying what the panel said; the VM stays as it was.
func TestContractTaskFails(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		e.fake.FailTasks(1, "libvirt: domain is locked")
		err := p.Stop(context.Background(), "7")
		wantKind(t, err, vmmanager.ErrRejected)
		if !strings.Contains(err.Error(), "libvirt: domain is locked") {
			t.Errorf("err = %v, want the task output", err)
		}
		if got := find(mustList(t, p), "7"); got.State != runningState(e) {
			t.Errorf("after a failed stop: %+v", got)
		}
		if err := p.Stop(context.Background(), "7"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestContractSlowTasks: a task polled several times before it completes.
func TestContractSlowTasks(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		e.fake.SetTaskPolls(3)
		if err := p.Stop(context.Background(), "7"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "7"); got.State != stoppedState(e) {
			t.Errorf("after stop: %+v", got)
		}
	})
}

// TestContractCreateRequest: what create sends, as the public clients send
// it: v5 confirm and osname the template's short name, v6 hdd_mib.
func TestContractCreateRequest(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		_, err := p.Create(context.Background(), vmmanager.CreateSpec{Name: "svc-9", Template: tmplName(e, 1), Password: "pw-9",
			CPUs: 2, RAMMiB: 2048, DiskMiB: 30720})
		if err != nil {
			t.Fatal(err)
		}
		reqs := e.fake.Creates()
		if len(reqs) != 1 {
			t.Fatalf("creates = %v", reqs)
		}
		r := reqs[0]
		if e.kind == vmmanager.KindV5 {
			if r["confirm"] != "pw-9" || r["osname"] != "Windows-Server-2019" || r["vsize"] != "30720" {
				t.Errorf("v5 create = %v", r)
			}
			return
		}
		if r["hdd_mib"] != "30720" || r["os"] != "2" || r["name"] != "svc-9" {
			t.Errorf("v6 create = %v", r)
		}
	})
}
