package vmfake_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/internal/testlog"
	"osaddon/plugin/vmmanager"
	"osaddon/plugin/vmmanager/v5"
	"osaddon/plugin/vmmanager/v6"
	"osaddon/testharness/vmfake"
)

// adapter is one Panel implementation with its fake.
type adapter struct {
	name string
	fake func(testing.TB) *vmfake.Fake
}

var adapters = []adapter{
	{"v5", vmfake.NewV5},
	{"v6", vmfake.NewV6},
}

// env is one contract test's panel, fake and captured log. fake is nil on
// a recorded panel, which only replays documents.
type env struct {
	kind string
	fake *vmfake.Fake
	log  *testlog.Buffer
}

// panel builds the adapter for cfg, logging at trace level into e.log.
func (e *env) panel(t *testing.T, cfg vmmanager.Config) vmmanager.Panel {
	t.Helper()
	return e.panelFor(t, cfg)
}

// panelFor is panel for tests and benchmarks alike.
func (e *env) panelFor(t testing.TB, cfg vmmanager.Config) vmmanager.Panel {
	t.Helper()
	logger := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: e.log, JSONFormat: true})
	var p vmmanager.Panel
	var err error
	if cfg.Kind == vmmanager.KindV6 {
		var c *v6.Client
		c, err = v6.New(cfg, logger)
		if c != nil {
			c.PageSize = 2
			c.TaskTimeout = 2 * time.Second
		}
		p = c
	} else {
		p, err = v5.New(cfg, logger)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// contractVMs are the VMs every contract panel holds: the fakes are seeded
// with them, and the recorded documents under plugin/vmmanager/v*/testdata
// hold the same ones as a real panel words them.
var contractVMs = []vmfake.VM{
	{ID: "7", Name: "web", IP: "10.0.0.7", Template: "CentOS-7-amd64", CPUs: 2, RAMMiB: 2048, DiskMiB: 20480},
	{ID: "8", Name: "win", IP: "10.0.0.8", Template: "Windows-Server-2019", State: vmfake.StateStopped, CPUs: 4},
	{ID: "9", Name: "new", Template: "Windows-Server-2019", State: vmfake.StateInstalling, CPUs: 1},
	{ID: "10", Name: "db", Template: "Windows-2019-amd64", State: "migrating", CPUs: 8},
	{ID: "11", Name: "mail", Template: "CentOS-7-amd64", CPUs: 1},
}

// contract runs fn against every adapter over its fake.
func contract(t *testing.T, fn func(t *testing.T, e *env, p vmmanager.Panel)) {
	for _, a := range adapters {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			f := a.fake(t)
			e := &env{kind: f.Kind(), fake: f, log: &testlog.Buffer{}}
			if err := e.fake.AddVMs(contractVMs); err != nil {
				t.Fatal(err)
			}
			fn(t, e, e.panel(t, e.fake.Config()))
			if strings.Contains(e.log.String(), vmfake.Password) {
				t.Error("the password reached the log")
			}
		})
	}
}

// readContract runs fn against every adapter over its fake and over the
// documents recorded from the public shapes: the read-only part of the
// contract, which fakes and real panels must both meet.
func readContract(t *testing.T, fn func(t *testing.T, e *env, p vmmanager.Panel)) {
	contract(t, fn)
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		t.Run("recorded-"+kind, func(t *testing.T) {
			t.Parallel()
			e := &env{kind: kind, log: &testlog.Buffer{}}
			fn(t, e, e.panel(t, recordedPanel(t, kind)))
		})
	}
}

func listAll(t *testing.T, p vmmanager.Panel) ([]vmmanager.VM, error) {
	t.Helper()
	var out []vmmanager.VM
	err := p.ListVMs(context.Background(), func(vm vmmanager.VM) error {
		out = append(out, vm)
		return nil
	})
	return out, err
}

func mustList(t *testing.T, p vmmanager.Panel) []vmmanager.VM {
	t.Helper()
	vms, err := listAll(t, p)
	if err != nil {
		t.Fatal(err)
	}
	return vms
}

func find(vms []vmmanager.VM, id string) vmmanager.VM {
	for _, vm := range vms {
		if vm.ID == id {
			return vm
		}
	}
	return vmmanager.VM{}
}

// wantKind fails unless err is an *vmmanager.Error of kind and its text
// holds no credential.
func wantKind(t *testing.T, err, kind error) *vmmanager.Error {
	t.Helper()
	var ve *vmmanager.Error
	if !errors.As(err, &ve) || !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if strings.Contains(err.Error(), vmfake.Password) || strings.Contains(err.Error(), "key") {
		t.Errorf("credential in error text: %v", err)
	}
	return ve
}

// tmplName is the internal name of DefaultTemplates[i] on e's kind of panel.
func tmplName(e *env, i int) string {
	t := vmfake.DefaultTemplates[i]
	if e.kind == vmmanager.KindV6 {
		return vmmanager.V6TemplateName(t.Repository, t.Name)
	}
	return t.Repository + "__" + t.Name
}

func TestContractList(t *testing.T) {
	readContract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		vms := mustList(t, p)
		var ids []string
		for _, vm := range vms {
			ids = append(ids, vm.ID)
		}
		if !slices.Equal(ids, []string{"7", "8", "9", "10", "11"}) {
			t.Fatalf("listed %v, want 7..11 once each", ids)
		}
		if got := find(vms, "7"); got.Template != tmplName(e, 0) || got.State != runningState(e) || got.IP != "10.0.0.7" || got.CPUs != 2 || got.Installing {
			t.Errorf("vm 7 = %+v", got)
		}
		if got := find(vms, "8"); got.Template != tmplName(e, 1) || got.Installing || got.State != stoppedState(e) {
			t.Errorf("vm 8 = %+v, want stopped (%q), not installing", got, stoppedState(e))
		}
		if got := find(vms, "9"); !got.Installing {
			t.Errorf("vm 9 = %+v, want installing", got)
		}
		if got := find(vms, "10"); got.Template != tmplName(e, 2) || got.Installing || got.State != "migrating" {
			t.Errorf("vm 10 = %+v, want an unknown state passed on verbatim", got)
		}
	})
}

func TestContractFindByName(t *testing.T) {
	readContract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		vms, err := p.FindByName(context.Background(), "db")
		if err != nil {
			t.Fatal(err)
		}
		if len(vms) != 1 || vms[0].ID != "10" {
			t.Errorf("found %+v", vms)
		}
		if vms, err := p.FindByName(context.Background(), "no-such-vm"); err != nil || len(vms) != 0 {
			t.Errorf("found %+v, %v", vms, err)
		}
	})
}

func TestContractTemplates(t *testing.T) {
	readContract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		list, err := p.ListTemplates(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tpl := range list {
			names = append(names, tpl.Name)
		}
		want := []string{"ISPsystem__CentOS-7-amd64", "ISPsystem__Windows-Server-2019", "my-repo__Windows-2019-amd64"}
		if e.kind == vmmanager.KindV6 {
			want[2] = "my repo__Windows-2019-amd64"
		}
		if !slices.Equal(names, want) {
			t.Errorf("templates = %q, want %q", names, want)
		}
	})
}

func TestContractLifecycle(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		ctx := context.Background()
		vm, err := p.Create(ctx, vmmanager.CreateSpec{Name: "fresh", Template: tmplName(e, 1), Password: "x", CPUs: 2, RAMMiB: 1024, DiskMiB: 10240})
		if err != nil {
			t.Fatal(err)
		}
		if vm.ID == "" || !vm.Installing {
			t.Fatalf("created %+v", vm)
		}
		if got, _ := e.fake.VM(vm.ID); got.Template != tmplName(e, 1) || got.Name != "fresh" {
			t.Fatalf("fake holds %+v", got)
		}
		_, err = p.Create(ctx, vmmanager.CreateSpec{Name: "x", Template: "No__Such", Password: "x"})
		wantKind(t, err, vmmanager.ErrUnknownTemplate)

		if err := p.Reinstall(ctx, "7", tmplName(e, 2), "pw"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "7"); got.Template != tmplName(e, 2) || !got.Installing {
			t.Errorf("after reinstall: %+v", got)
		}
		wantKind(t, p.Reinstall(ctx, "404", tmplName(e, 2), "pw"), vmmanager.ErrNotFound)

		if err := p.Stop(ctx, "10"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "10"); got.State != stoppedState(e) {
			t.Errorf("after stop: %+v", got)
		}
		if err := p.Start(ctx, "10"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "10"); got.State != runningState(e) {
			t.Errorf("after start: %+v", got)
		}
		if err := p.Delete(ctx, "10"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "10"); got.ID != "" {
			t.Errorf("deleted VM still listed")
		}
		wantKind(t, p.Start(ctx, "10"), vmmanager.ErrNotFound)
		wantKind(t, p.Delete(ctx, "10"), vmmanager.ErrNotFound)
		if err := p.Check(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestContractReinstallInsidePanel(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		if err := e.fake.Reinstall("7", "Windows-2019-amd64"); err != nil {
			t.Fatal(err)
		}
		if got := find(mustList(t, p), "7"); got.Template != tmplName(e, 2) {
			t.Errorf("vm 7 template = %q, want %q", got.Template, tmplName(e, 2))
		}
	})
}

func TestContractSessionRenewal(t *testing.T) {
	contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
		mustList(t, p)
		e.fake.ExpireSessions()
		if got := len(mustList(t, p)); got != 5 {
			t.Fatalf("listed %d after expiry", got)
		}
		// Expire in the middle of the next listing (v6: between pages).
		// v5 lists in one request, so its session dies just before it.
		e.fake.ExpireSessionsAfter(map[string]int{vmmanager.KindV5: 0, vmmanager.KindV6: 2}[e.fake.Kind()])
		vms := mustList(t, p)
		ids := make([]string, 0, len(vms))
		for _, vm := range vms {
			ids = append(ids, vm.ID)
		}
		if !slices.Equal(ids, []string{"7", "8", "9", "10", "11"}) {
			t.Errorf("listing across expiry = %v", ids)
		}
		if got := e.fake.Logins(); got != 3 {
			t.Errorf("logins = %d, want 3", got)
		}
		// Renewal happens once: a session that dies at every request fails.
		e.fake.ExpireSessionsAfter(0)
		if err := p.Start(context.Background(), "7"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestContractFaults(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		inject func(*vmfake.Fake)
		// call runs after a successful Check, so the session is warm.
		call func(vmmanager.Panel) error
		kind error // nil: success expected
		// requests is how many requests the call may make at most.
		requests int
	}{
		{"503 twice then ok", func(f *vmfake.Fake) { f.FailNext(2, 503) }, listErr, nil, 0},
		{"500 past the retries", func(f *vmfake.Fake) { f.FailNext(100, 500) }, listErr, vmmanager.ErrUnreachable, 4},
		{"create is not retried", func(f *vmfake.Fake) {
			f.FailNextOn(f.CreateMatch(), 1, 503)
		}, createErr, vmmanager.ErrUnreachable, 2},
		{"stop retried on 503", func(f *vmfake.Fake) { f.FailNext(1, 503) }, func(p vmmanager.Panel) error { return p.Stop(ctx, "7") }, nil, 0},
		// net/http itself resends a GET once on a connection closed unanswered.
		{"down", func(f *vmfake.Fake) { f.SetDown(true) }, listErr, vmmanager.ErrUnreachable, 8},
		{"connection refused", func(f *vmfake.Fake) { f.Stop() }, listErr, vmmanager.ErrUnreachable, 0},
		{"malformed", func(f *vmfake.Fake) { f.MalformNext(1) }, listErr, vmmanager.ErrMalformed, 1},
		{"truncated", func(f *vmfake.Fake) { f.TruncateNext(1) }, listErr, vmmanager.ErrMalformed, 1},
		{"malformed on start", func(f *vmfake.Fake) { f.MalformNext(1) }, func(p vmmanager.Panel) error { return p.Start(ctx, "7") }, vmmanager.ErrMalformed, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			contract(t, func(t *testing.T, e *env, p vmmanager.Panel) {
				if err := p.Check(ctx); err != nil {
					t.Fatal(err)
				}
				before := e.fake.Requests()
				tc.inject(e.fake)
				err := tc.call(p)
				if tc.kind == nil {
					if err != nil {
						t.Fatal(err)
					}
				} else {
					wantKind(t, err, tc.kind)
				}
				if n := e.fake.Requests() - before; tc.requests > 0 && n > tc.requests {
					t.Errorf("made %d requests, want at most %d", n, tc.requests)
				}
			})
		})
	}
}

func listErr(p vmmanager.Panel) error {
	return p.ListVMs(context.Background(), func(vmmanager.VM) error { return nil })
}

func createErr(p vmmanager.Panel) error {
	_, err := p.Create(context.Background(), vmmanager.CreateSpec{Name: "n", Template: "ISPsystem__CentOS-7-amd64", Password: "p"})
	return err
}

func TestContractLimits(t *testing.T) {
	contract(t, func(t *testing.T, e *env, _ vmmanager.Panel) {
		t.Run("timeout", func(t *testing.T) {
			cfg := e.fake.Config()
			cfg.Timeout, cfg.Retries = 50*time.Millisecond, 1
			p := e.panel(t, cfg)
			e.fake.SetLatency(300 * time.Millisecond)
			defer e.fake.SetLatency(0)
			start := time.Now()
			_, err := listAll(t, p)
			wantKind(t, err, vmmanager.ErrUnreachable)
			if !errors.Is(err, context.DeadlineExceeded) && time.Since(start) > 2*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
		t.Run("cancelled", func(t *testing.T) {
			p := e.panel(t, e.fake.Config())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := p.ListVMs(ctx, func(vmmanager.VM) error { return nil })
			wantKind(t, err, vmmanager.ErrUnreachable)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled inside", err)
			}
		})
		t.Run("max response bytes", func(t *testing.T) {
			cfg := e.fake.Config()
			cfg.MaxResponseBytes = 120
			p := e.panel(t, cfg)
			_, err := listAll(t, p)
			wantKind(t, err, vmmanager.ErrMalformed)
		})
		t.Run("callback error", func(t *testing.T) {
			p := e.panel(t, e.fake.Config())
			stop := errors.New("stop here")
			n := 0
			err := p.ListVMs(context.Background(), func(vmmanager.VM) error {
				n++
				return stop
			})
			if err != stop || n != 1 {
				t.Errorf("err = %v after %d VMs, want the callback's error after 1", err, n)
			}
		})
	})
}

func TestContractOneNodeOfSeveralFails(t *testing.T) {
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		t.Run(kind, func(t *testing.T) {
			nodes := vmfake.NewCluster(t, kind, 3)
			nodes[1].SetDown(true)
			for i, node := range nodes {
				if _, err := node.AddVM(vmfake.VM{Name: "vm", Template: "CentOS-7-amd64"}); err != nil {
					t.Fatal(err)
				}
				e := &env{fake: node, log: &testlog.Buffer{}}
				vms, err := listAll(t, e.panel(t, node.Config()))
				if i == 1 {
					ve := wantKind(t, err, vmmanager.ErrUnreachable)
					if ve.Node != node.Config().Name {
						t.Errorf("error names node %q, want %q", ve.Node, node.Config().Name)
					}
					continue
				}
				if err != nil || len(vms) != 1 {
					t.Errorf("node %d: %d VMs, %v", i, len(vms), err)
				}
			}
		})
	}
}

// runningState and stoppedState are the power states as each panel
// reports them, verbatim: VMmanager 5 says running and down.
func runningState(e *env) string {
	if e.kind == vmmanager.KindV5 {
		return "running"
	}
	return "active"
}

func stoppedState(e *env) string {
	if e.kind == vmmanager.KindV5 {
		return "down"
	}
	return "stopped"
}
