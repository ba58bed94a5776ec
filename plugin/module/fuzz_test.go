package module_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/module"
	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// FuzzOpenParams feeds raw open params through the module's dispatch:
// decoding and the wire→domain conversion must answer a coded error or a
// result, never panic. The connection is unknown, so VMmanager is never
// reached.
func FuzzOpenParams(f *testing.F) {
	fk := vmfake.NewV6(f)
	p := rpc.OpenParams{Service: serviceFor(fk, "s", "", "0"), Tariff: tariffFor(fk), Template: "t", AsOf: may10}
	p.Service.Connection = "nowhere"
	seed, _ := json.Marshal(p)
	f.Add(seed)
	f.Add([]byte(`{"service":{"account":{"currency":"EUR","balance":"1e9"}}}`))
	f.Add([]byte(`{"tariff":{"addon":{"values":[{"prices":[{"months":1,"currency":"eur","amount":"-0.001"}]}]}}}`))
	m := module.New(configFor(pricing.DowngradeNone), nil, hclog.NewNullLogger())
	f.Fuzz(func(t *testing.T, data []byte) {
		var params rpc.OpenParams
		if err := json.Unmarshal(data, &params); err != nil {
			return
		}
		params.Service.Connection = "nowhere"
		_, err := m.Open(context.Background(), &params)
		if err != nil && rpc.CodeOf(err) == 0 {
			t.Fatalf("uncoded error: %v", err)
		}
	})
}

// FuzzInitializeOSParam feeds any protocol version and os_param to
// initialize, then an open whose tariff's add-on and service params use
// that name: every answer is a result or a coded error, and an accepted
// name is the one the module answers and links.
func FuzzInitializeOSParam(f *testing.F) {
	fk := vmfake.NewV6(f)
	f.Add(2, "ostempl")
	f.Add(2, "")
	f.Add(1, "ostempl")
	f.Add(2, "os param")
	f.Add(3, "x")
	f.Fuzz(func(t *testing.T, version int, name string) {
		m := module.New(configFor(pricing.DowngradeNone, fk), nil, hclog.NewNullLogger())
		res, err := m.Initialize(context.Background(), &rpc.InitializeParams{ProtocolVersion: version, Host: rpc.Peer{Name: "f"}, OSParam: name})
		if err != nil {
			if rpc.CodeOf(err) == 0 {
				t.Fatalf("uncoded error: %v", err)
			}
			return
		}
		if version == 2 && res.OSParam != name && (name != "" || res.OSParam != rpc.DefaultOSParam) {
			t.Fatalf("os_param %q answered %q", name, res.OSParam)
		}
		p := rpc.OpenParams{Service: serviceFor(fk, "s", "", "0"), Tariff: tariffFor(fk), Template: "t", AsOf: may10}
		p.Service.Connection = "nowhere"
		if res.OSParam != "" { // protocol 2; protocol 1 checks no link
			p.Tariff.Addon.InternalName = res.OSParam
			p.Service.Params = map[string]string{res.OSParam: "t"}
		}
		_, err = m.Open(context.Background(), &p)
		if rpc.CodeOf(err) != rpc.CodeUnknownConnection {
			t.Fatalf("open after initialize(%d, %q) = %v, want the unknown connection only", version, name, err)
		}
	})
}
