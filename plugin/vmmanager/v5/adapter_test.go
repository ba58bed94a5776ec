package v5_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"osaddon/plugin/vmmanager"
	"osaddon/xml"
)

func TestListRecordedVMs(t *testing.T) {
	p := &replay{t: t}
	var vms []vmmanager.VM
	err := p.client(t).ListVMs(context.Background(), func(vm vmmanager.VM) error { vms = append(vms, vm); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []vmmanager.VM{
		{ID: "7", Name: "web & db", Template: "ISPsystem__CentOS-7-amd64", State: "running", IP: "10.0.0.7", CPUs: 2},
		{ID: "8", Name: "win <stopped>", Template: "ISPsystem__Windows-Server-2019", State: "down", IP: "10.0.0.8", CPUs: 4},
		{ID: "9", Name: "new", Template: "ISPsystem__Windows-Server-2019", State: "running", Installing: true, CPUs: 1},
		{ID: "10", Name: "db", Template: "my-repo__Windows-2019-amd64", State: "migrating", CPUs: 8},
		{ID: "11", Name: "mail", Template: "ISPsystem__CentOS-7-amd64", State: "down", Installing: true, CPUs: 1},
	}
	if len(vms) != len(want) {
		t.Fatalf("listed %d VMs: %+v", len(vms), vms)
	}
	for i := range want {
		if vms[i] != want[i] {
			t.Errorf("vm %d = %+v, want %+v", i, vms[i], want[i])
		}
	}
}

func TestVMEditForm(t *testing.T) {
	for _, tc := range []struct {
		file       string
		state      string
		installing bool
	}{
		{"vm_edit.xml", "down", false},
		{"vm_edit_installing.xml", "running", true},
	} {
		vm, err := xml.DecodeVMEdit(bytes.NewReader(fixture(t, tc.file)), xml.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if vm.State != tc.state || vm.Installing != tc.installing || vm.VMI != "ISPsystem__Windows-Server-2019" || vm.ID == "" {
			t.Errorf("%s: %+v", tc.file, vm)
		}
	}
}

func TestCreateSendsConfirmAndShortOSName(t *testing.T) {
	p := &replay{t: t}
	vm, err := p.client(t).Create(context.Background(), vmmanager.CreateSpec{Name: "svc-1", Template: "ISPsystem__CentOS-7-amd64",
		Password: "pw-1", CPUs: 2, RAMMiB: 2048, DiskMiB: 20480})
	if err != nil {
		t.Fatal(err)
	}
	if vm.ID != "123" || !vm.Installing {
		t.Errorf("created %+v", vm)
	}
	f := p.form("vm.edit")
	if f.Get("confirm") != "pw-1" || f.Get("osname") != "CentOS-7-amd64" || f.Get("name") != "svc-1" || f.Get("sok") != "ok" {
		t.Errorf("create form = %v", f)
	}
}

func TestReinstallSendsConfirm(t *testing.T) {
	p := &replay{t: t}
	if err := p.client(t).Reinstall(context.Background(), "7", "ISPsystem__CentOS-7-amd64", "pw-2"); err != nil {
		t.Fatal(err)
	}
	if f := p.form("vm.reinstall"); f.Get("confirm") != "pw-2" || f.Get("elid") != "7" {
		t.Errorf("reinstall form = %v", f)
	}
}

func TestRecordedErrors(t *testing.T) {
	p := &replay{t: t}
	if err := p.client(t).Stop(context.Background(), "404"); !errors.Is(err, vmmanager.ErrNotFound) {
		t.Errorf("stop of a missing VM: %v", err)
	}
	pe, err := xml.DecodeError(bytes.NewReader(fixture(t, "error_auth.xml")), xml.Limits{})
	if err != nil || pe.Type != "auth" || pe.Msg != "Session expired <please log in>" {
		t.Errorf("error_auth.xml: %+v, %v", pe, err)
	}
}

func TestFindByName(t *testing.T) {
	p := &replay{t: t}
	vms, err := p.client(t).FindByName(context.Background(), "db")
	if err != nil {
		t.Fatal(err)
	}
	if len(vms) != 1 || vms[0].ID != "10" {
		t.Errorf("found %+v", vms)
	}
}

func TestBadCredentials(t *testing.T) {
	p := &replay{t: t}
	_, err := p.clientWith(t, "wrong-password").ListTemplates(context.Background())
	if !errors.Is(err, vmmanager.ErrAuth) || strings.Contains(err.Error(), "wrong-password") {
		t.Fatalf("err = %v, want ErrAuth without the password", err)
	}
}

// TestSessionExpiryRenewsOnce: a dropped session is answered with an auth
// error document; the client logs in again once and repeats the call.
func TestSessionExpiryRenewsOnce(t *testing.T) {
	p := &replay{t: t, expire: 1}
	c := p.client(t)
	n := 0
	if err := c.ListVMs(context.Background(), func(vmmanager.VM) error { n++; return nil }); err != nil || n != 5 {
		t.Fatalf("listed %d: %v", n, err)
	}
	if got := p.count("auth"); got != 2 {
		t.Errorf("logins = %d, want 2", got)
	}
	p.mu.Lock()
	p.expire = 2
	p.mu.Unlock()
	if err := c.Stop(context.Background(), "7"); !errors.Is(err, vmmanager.ErrAuth) {
		t.Errorf("a session refused twice: %v, want ErrAuth", err)
	}
}
