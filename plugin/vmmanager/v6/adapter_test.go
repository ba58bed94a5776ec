package v6_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"osaddon/plugin/vmmanager"
)

func listAll(t *testing.T, p vmmanager.Panel) []vmmanager.VM {
	t.Helper()
	var out []vmmanager.VM
	if err := p.ListVMs(context.Background(), func(vm vmmanager.VM) error { out = append(out, vm); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestListRecordedHosts(t *testing.T) {
	p := newReplay(t, "task_complete.json")
	vms := listAll(t, p.client(t))
	want := []vmmanager.VM{
		{ID: "7", Name: "web", Template: "ISPsystem__CentOS-7-amd64", State: "active", IP: "10.0.0.7", CPUs: 2},
		{ID: "8", Name: "win", Template: "ISPsystem__Windows-Server-2019", State: "stopped", IP: "10.0.0.8", CPUs: 4},
		{ID: "9", Name: "new", Template: "ISPsystem__Windows-Server-2019", State: "creating", Installing: true, CPUs: 1},
		{ID: "10", Name: "db", Template: "my repo__Windows-2019-amd64", State: "migrating", IP: "10.0.0.10", CPUs: 8},
		{ID: "11", Name: "mail", State: "suspended", CPUs: 1},
	}
	if len(vms) != len(want) {
		t.Fatalf("listed %d VMs: %+v", len(vms), vms)
	}
	for i := range want {
		if vms[i] != want[i] {
			t.Errorf("vm %d = %+v, want %+v", i, vms[i], want[i])
		}
	}
	// The panel answered its whole list to a page of 2: size says 5 were
	// read, so the client asks once.
	if n := len(p.seen("/vm/v3/host")); n != 1 {
		t.Errorf("host list asked %d times, want 1", n)
	}
}

func TestListIgnoringPagingWithoutSize(t *testing.T) {
	p := newReplay(t, "task_complete.json")
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(p.hostList, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "size")
	p.hostList, _ = json.Marshal(doc)
	vms := listAll(t, p.client(t))
	ids := map[string]int{}
	for _, vm := range vms {
		ids[vm.ID]++
	}
	if len(vms) != 5 || len(ids) != 5 {
		t.Errorf("listed %d VMs, %d distinct: each VM must come once", len(vms), len(ids))
	}
	// Without size, the second page repeats the first and ends the listing.
	if n := len(p.seen("/vm/v3/host")); n != 2 {
		t.Errorf("host list asked %d times, want 2", n)
	}
}

func TestCreateSendsClusterAndDisk(t *testing.T) {
	p := newReplay(t, "task_empty.json", "task_running.json", "task_create_complete.json")
	vm, err := p.client(t).Create(context.Background(), vmmanager.CreateSpec{Name: "svc-1", Template: "ISPsystem__Windows-Server-2019",
		Password: "pw-1", CPUs: 2, RAMMiB: 2048, DiskMiB: 30720})
	if err != nil {
		t.Fatal(err)
	}
	if vm.ID != "231" || !vm.Installing {
		t.Errorf("created %+v", vm)
	}
	// The create answered task 70014: its host_create task is polled by that
	// consul id until it is complete.
	polls := p.seen("/vm/v3/task")
	if len(polls) != 3 || polls[0].URL.Query().Get("where") != "((consul_id EQ '70014') AND (name EQ 'host_create'))" {
		t.Errorf("task polls = %d, first where %q", len(polls), polls[0].URL.Query().Get("where"))
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(p.body("POST", "/vm/v3/host")), &body)
	if body["cluster"] != 4.0 || body["hdd_mib"] != 30720.0 || body["os"] != 2.0 || body["name"] != "svc-1" {
		t.Errorf("create body = %v", body)
	}
}

func TestCreateTaskFailCarriesOutput(t *testing.T) {
	p := newReplay(t, "task_running.json", "task_create_fail.json")
	_, err := p.client(t).Create(context.Background(), vmmanager.CreateSpec{Name: "svc-1", Template: "ISPsystem__Windows-Server-2019",
		Password: "pw-1", CPUs: 2, RAMMiB: 2048, DiskMiB: 30720})
	if !errors.Is(err, vmmanager.ErrRejected) || !strings.Contains(err.Error(), "no free IPv4 address in the pool") {
		t.Fatalf("err = %v, want a refusal with the task output", err)
	}
	posts := 0
	for _, r := range p.seen("/vm/v3/host") {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("create posted %d times, want once: it is never retried", posts)
	}
}

func TestStopPollsTaskByConsulID(t *testing.T) {
	p := newReplay(t, "task_empty.json", "task_running.json", "task_complete.json")
	if err := p.client(t).Stop(context.Background(), "7"); err != nil {
		t.Fatal(err)
	}
	polls := p.seen("/vm/v3/task")
	if len(polls) != 3 {
		t.Fatalf("polled %d times, want 3", len(polls))
	}
	where := polls[0].URL.Query().Get("where")
	if where != "((consul_id EQ '70021') AND (name EQ 'host_stop'))" {
		t.Errorf("where = %q", where)
	}
}

func TestStopTaskFailCarriesOutput(t *testing.T) {
	p := newReplay(t, "task_running.json", "task_fail.json")
	err := p.client(t).Stop(context.Background(), "7")
	if !errors.Is(err, vmmanager.ErrRejected) || !strings.Contains(err.Error(), "domain is locked by another operation") {
		t.Fatalf("err = %v, want a refusal with the task output", err)
	}
}

func TestFindByNameFiltersEvenWhenThePanelDoesNot(t *testing.T) {
	p := newReplay(t)
	vms, err := p.client(t).FindByName(context.Background(), "web")
	if err != nil {
		t.Fatal(err)
	}
	if len(vms) != 1 || vms[0].ID != "7" {
		t.Errorf("found %+v", vms)
	}
	hosts := p.seen("/vm/v3/host")
	if len(hosts) != 1 || hosts[0].URL.Query().Get("where") != "(name EQ 'web')" {
		t.Errorf("asked %v", hosts)
	}
}

func TestBadCredentials(t *testing.T) {
	p := newReplay(t)
	_, err := p.clientWith(t, "wrong-password").ListTemplates(context.Background())
	if !errors.Is(err, vmmanager.ErrAuth) || strings.Contains(err.Error(), "wrong-password") {
		t.Fatalf("err = %v, want ErrAuth without the password", err)
	}
}

// TestTokenExpiryRenewsOnce: a 401 renews the token once and repeats the
// call; a second 401 in a row is an authentication failure.
func TestTokenExpiryRenewsOnce(t *testing.T) {
	p := newReplay(t, "task_complete.json")
	p.expire = 1
	c := p.client(t)
	if got := len(listAll(t, c)); got != 5 {
		t.Fatalf("listed %d", got)
	}
	if got := len(p.seen("/auth/v4/public/token")); got != 2 {
		t.Errorf("logins = %d, want 2", got)
	}
	p.mu.Lock()
	p.expire = 2
	p.mu.Unlock()
	if err := c.Stop(context.Background(), "7"); !errors.Is(err, vmmanager.ErrAuth) {
		t.Errorf("a token refused twice: %v, want ErrAuth", err)
	}
}

// TestListRepeatingPageShortOfSize: a panel that repeats a page while its
// size says more VMs exist gives an incomplete listing, not a loop.
func TestListRepeatingPageShortOfSize(t *testing.T) {
	p := newReplay(t)
	p.hostList = []byte(strings.Replace(string(p.hostList), `"size":5`, `"size":9`, 1))
	err := p.client(t).ListVMs(context.Background(), func(vmmanager.VM) error { return nil })
	if !errors.Is(err, vmmanager.ErrIncomplete) {
		t.Fatalf("err = %v, want ErrIncomplete", err)
	}
	if n := len(p.seen("/vm/v3/host")); n != 2 {
		t.Errorf("host list asked %d times, want 2", n)
	}
}
