package module_test

import (
	"context"
	"sync"
	"testing"

	"osaddon/host"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// openOnce opens service id with Windows as a billing core would.
func openOnce(c *host.Client, f *vmfake.Fake, id string) (*rpc.OpenResult, error) {
	s := serviceFor(f, id, "", "0")
	s.Status = "ordered"
	return c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: tariffFor(f), Template: windows(f),
		VM: rpc.VMSpec{Name: "vps", Password: "pw-secret", CPUs: 2, RAMMiB: 1024, DiskMiB: 10240}, AsOf: may10})
}

// openChange is the one change of an open's answer.
func openChange(t *testing.T, res *rpc.OpenResult) rpc.Change {
	t.Helper()
	ch := changes(res.Actions)
	if len(ch) != 1 || ch[0].Params["vm_id"] == "" {
		t.Fatalf("open answered %+v", res.Actions)
	}
	return ch[0]
}

// wantOneVM fails unless the panel holds exactly one VM for the service,
// from one create.
func wantOneVM(t *testing.T, f *vmfake.Fake, id string) {
	t.Helper()
	if n := f.CountNamed(vmmanager.ServiceVMName(id)); n != 1 {
		t.Errorf("the panel holds %d VMs for service %s, want 1", n, id)
	}
	if n := len(f.Creates()); n != 1 {
		t.Errorf("%d creates, want 1", n)
	}
}

func TestOpenRepeatedAnswersTheSameVM(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling(tariffFor(f)))
		first, err := openOnce(c, f, "svc-7")
		if err != nil {
			t.Fatal(err)
		}
		again, err := openOnce(c, f, "svc-7")
		if err != nil {
			t.Fatal(err)
		}
		a, b := openChange(t, first), openChange(t, again)
		if a.Key != b.Key || a.Params["vm_id"] != b.Params["vm_id"] || a.Params[rpc.DefaultOSParam] != b.Params[rpc.DefaultOSParam] {
			t.Errorf("first %+v, again %+v", a, b)
		}
		wantOneVM(t, f, "svc-7")
	})
}

// TestOpenRetriedAfterLostAnswer: the panel creates the VM but its answer
// never arrives; the billing core restarts the open, which finds the VM.
func TestOpenRetriedAfterLostAnswer(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling(tariffFor(f)))
		f.DropAnswerOn(f.CreateMatch(), 1)
		if _, err := openOnce(c, f, "svc-8"); rpc.CodeOf(err) != rpc.CodeVMmanagerUnavailable {
			t.Fatalf("first open: %v, want -32021", err)
		}
		res, err := openOnce(c, f, "svc-8")
		if err != nil {
			t.Fatal(err)
		}
		vm, ok := f.VM(openChange(t, res).Params["vm_id"])
		if !ok || vm.Name != vmmanager.ServiceVMName("svc-8") || vm.Template != windows(f) {
			t.Errorf("open answered VM %+v", vm)
		}
		wantOneVM(t, f, "svc-8")
	})
}

// TestOpenRetriedByAFreshModule: the module process whose open lost its
// answer is gone; a new one, launched from the binary, opens again.
func TestOpenRetriedByAFreshModule(t *testing.T) {
	f := vmfake.NewV6(t)
	b := newBilling(tariffFor(f))
	first := launch(t, b, f)
	f.DropAnswerOn(f.CreateMatch(), 1)
	if _, err := openOnce(first, f, "svc-9"); rpc.CodeOf(err) != rpc.CodeVMmanagerUnavailable {
		t.Fatalf("first open: %v, want -32021", err)
	}
	first.Close()
	res, err := openOnce(launch(t, b, f), f, "svc-9")
	if err != nil {
		t.Fatal(err)
	}
	openChange(t, res)
	wantOneVM(t, f, "svc-9")
}

func TestOpenConcurrentBuildsOneVM(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling(tariffFor(f)))
		const n = 4
		ids := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				res, err := openOnce(c, f, "svc-10")
				if errs[i] = err; err == nil && len(res.Actions) == 1 {
					ids[i] = res.Actions[0].Change.Params["vm_id"]
				}
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil || ids[i] != ids[0] || ids[i] == "" {
				t.Errorf("open %d: vm %q, %v (open 0: vm %q)", i, ids[i], errs[i], ids[0])
			}
		}
		wantOneVM(t, f, "svc-10")
	})
}

func TestOpenRefusesAServiceWithTwoVMs(t *testing.T) {
	f := vmfake.NewV5(t)
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling(tariffFor(f)))
	for range 2 {
		if _, err := f.AddVM(vmfake.VM{Name: vmmanager.ServiceVMName("svc-11"), Template: windows(f)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := openOnce(c, f, "svc-11")
	if rpc.CodeOf(err) != rpc.CodeVMmanagerRefused || len(f.Creates()) != 0 {
		t.Fatalf("open of a service with two VMs: %v, %d creates", err, len(f.Creates()))
	}
}
