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
