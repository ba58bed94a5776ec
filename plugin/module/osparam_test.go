package module_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// speaking connects with initialize's protocol version and os_param.
func speaking(t *testing.T, f *vmfake.Fake, b *billing, version int, osParam string) *host.Client {
	t.Helper()
	c, err := connectAs(t, configFor(pricing.DowngradeNone, f), b, hclog.NewNullLogger(),
		&rpc.InitializeParams{ProtocolVersion: version, Host: rpc.Peer{Name: "test"}, OSParam: osParam})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantField fails unless err is an *rpc.Error of code naming field, whose
// message holds every one of words.
func wantField(t *testing.T, err error, code rpc.Code, field string, words ...string) {
	t.Helper()
	var e *rpc.Error
	if !errors.As(err, &e) || e.Code != code || e.Field != field {
		t.Fatalf("error = %v, want %d naming %s", err, code, field)
	}
	for _, w := range words {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q does not name %q", e.Message, w)
		}
	}
}

// openWith opens service id with Windows on tariff t.
func openWith(c *host.Client, f *vmfake.Fake, s rpc.Service, t rpc.Tariff) (*rpc.OpenResult, error) {
	s.Status = "ordered"
	return c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: t, Template: windows(f),
		VM: rpc.VMSpec{Name: "vps", Password: "pw-secret", CPUs: 2}, AsOf: may10})
}

// TestParamLinkNamesTheParameter: in protocol 2 the service carries the
// template under the parameter's name, changes return it there, and the
// initialize answer says which name it is.
func TestParamLinkNamesTheParameter(t *testing.T) {
	f := newFake(t, vmmanager.KindV6)
	tariff := tariffFor(f)
	tariff.Addon.InternalName = "os"
	b := newBilling(tariff)
	c, err := connectAs(t, configFor(pricing.DowngradeNone, f), b, hclog.NewNullLogger(),
		&rpc.InitializeParams{ProtocolVersion: 2, Host: rpc.Peer{Name: "test"}, OSParam: "os"})
	if err != nil {
		t.Fatal(err)
	}
	s := serviceFor(f, "svc-1", "", "100")
	s.Params = map[string]string{"os": ""}
	res, err := openWith(c, f, s, tariff)
	if err != nil {
		t.Fatal(err)
	}
	ch := openChange(t, res)
	if ch.Params["os"] != windows(f) || ch.Params[rpc.DefaultOSParam] != "" || ch.Params[rpc.LegacyOSParam] != "" {
		t.Fatalf("open's params = %v, want the template under \"os\" only", ch.Params)
	}
	// The template under another name is no template: the service's
	// os_template is refused, naming where protocol 2 carries it.
	s.OSTemplate = linux(f)
	_, err = openWith(c, f, s, tariff)
	wantField(t, err, rpc.CodeInvalidParams, "service.os_template", "service.params.os")
}

// TestParamLinkRefusesAnotherAddonName: a tariff whose add-on is not named
// after the parameter is refused by every call that reads a tariff, with
// both names, before the panel is called; in a sync its services are
// service_invalid.
func TestParamLinkRefusesAnotherAddonName(t *testing.T) {
	f := newFake(t, vmmanager.KindV5)
	tariff := tariffFor(f)
	tariff.Addon.InternalName = "os_template"
	b := newBilling(tariff)
	c := speaking(t, f, b, 2, "")
	before := f.Requests()
	_, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: tariff, Currency: "EUR"})
	wantField(t, err, rpc.CodeInvalidCatalog, "tariff.addon.internal_name", `"os_template"`, `"ostempl"`)
	_, err = openWith(c, f, serviceFor(f, "svc-1", "", "100"), tariff)
	wantField(t, err, rpc.CodeInvalidCatalog, "tariff.addon.internal_name", `"os_template"`, `"ostempl"`)
	vmID := addVM(t, f, linux(f))
	_, err = c.SetParam(context.Background(), &rpc.SetParamParams{Service: serviceFor(f, "svc-2", vmID, "100"), Tariff: tariff,
		OSTemplate: windows(f), Password: "pw-secret", AsOf: may10})
	wantField(t, err, rpc.CodeInvalidCatalog, "tariff.addon.internal_name", `"os_template"`)
	_, err = c.Resume(context.Background(), &rpc.ServiceParams{Service: serviceFor(f, "svc-2", vmID, "100"), Tariff: &tariff, AsOf: may10})
	wantField(t, err, rpc.CodeInvalidCatalog, "tariff.addon.internal_name", `"os_template"`)
	if n := f.Requests() - before; n != 0 {
		t.Errorf("refused calls made %d panel requests", n)
	}
	b.services = []rpc.Service{serviceFor(f, "svc-2", vmID, "100")}
	res, err := c.SyncServer(context.Background(), &rpc.SyncServerParams{Connection: f.Config().Name, RunID: "r1", AsOf: may10})
	if err != nil {
		t.Fatal(err)
	}
	var invalid *rpc.Notification
	for _, a := range res.Actions {
		if n := a.Notification; n != nil && n.Kind == rpc.NoticeServiceInvalid {
			invalid = n
		}
	}
	if invalid == nil || invalid.ServiceID != "svc-2" || invalid.Field != "tariffs[0].addon.internal_name" ||
		!strings.Contains(invalid.Message, `"ostempl"`) || len(changes(res.Actions)) != 0 {
		t.Fatalf("sync = %+v, want svc-2 service_invalid naming tariffs[0].addon.internal_name", res.Actions)
	}
}

// TestProtocolOneKeepsTheOldName: a protocol 1 host is served as before:
// the template in os_template both ways, and no link checked.
func TestProtocolOneKeepsTheOldName(t *testing.T) {
	f := newFake(t, vmmanager.KindV5)
	tariff := tariffFor(f)
	tariff.Addon.InternalName = "anything"
	c := speaking(t, f, newBilling(tariff), 1, "")
	s := serviceFor(f, "svc-1", "", "100")
	s.Params, s.OSTemplate = nil, ""
	res, err := openWith(c, f, s, tariff)
	if err != nil {
		t.Fatal(err)
	}
	if ch := openChange(t, res); ch.Params[rpc.LegacyOSParam] != windows(f) || len(ch.Params) != 3 {
		t.Fatalf("open's params = %v, want os_template, vm_id and ip", ch.Params)
	}
	_, err = connectAs(t, configFor(pricing.DowngradeNone, f), newBilling(), hclog.NewNullLogger(),
		&rpc.InitializeParams{ProtocolVersion: 1, Host: rpc.Peer{Name: "test"}, OSParam: "ostempl"})
	wantField(t, err, rpc.CodeInvalidParams, "os_param", "protocol_version 2")
	_, err = connectAs(t, configFor(pricing.DowngradeNone, f), newBilling(), hclog.NewNullLogger(),
		&rpc.InitializeParams{ProtocolVersion: 2, Host: rpc.Peer{Name: "test"}, OSParam: "os param"})
	wantField(t, err, rpc.CodeInvalidParams, "os_param")
}
