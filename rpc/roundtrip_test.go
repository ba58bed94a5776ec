package rpc_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"osaddon/rpc"
)

// roundTrip decodes wire into a fresh value of v's type and encodes it back.
func roundTrip(t *testing.T, v any, wire string) string {
	t.Helper()
	p := reflect.New(reflect.TypeOf(v)).Interface()
	if err := rpc.DecodeParamsBytes([]byte(wire), p); err != nil {
		t.Fatalf("decode %s: %v", wire, err)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return string(out)
}

// TestWireRoundTrip decodes each document and encodes it back byte for byte:
// field names, order, decimal strings and omitted optionals are the contract.
func TestWireRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		v    any
		wire string
	}{
		{"initialize params", rpc.InitializeParams{},
			`{"protocol_version":1,"host":{"name":"billmgr","version":"6.100"}}`},
		{"initialize params of protocol 2", rpc.InitializeParams{},
			`{"protocol_version":2,"host":{"name":"billmgr","version":"6.100"},"os_param":"ostempl"}`},
		{"initialize result of protocol 2", rpc.InitializeResult{},
			`{"protocol_version":2,"os_param":"ostempl","module":{"name":"pmosaddon","version":"1.0.0"},"features":["quote","open"],"item_types":["vds"],"connection_params":[],"max_message_bytes":67108864,"configured":true}`},
		{"initialize result", rpc.InitializeResult{},
			`{"protocol_version":1,"module":{"name":"pmosaddon","version":"1.0.0"},"features":["open","syncserver"],"item_types":["vds"],"connection_params":[{"name":"password","required":true,"secret":true,"description":"the panel user's password"}],"max_message_bytes":67108864,"configured":true}`},
		{"features empty, not null", rpc.InitializeResult{},
			`{"protocol_version":1,"module":{"name":"pmosaddon","version":"dev"},"features":[],"item_types":[],"connection_params":[],"max_message_bytes":1,"configured":false}`},
		{"tariff with decimal strings kept", rpc.Tariff{},
			`{"id":"t1","name":"VPS S","periods":[1,12],"addon":{"internal_name":"ostempl","billing_type":"order","default":"free","values":[{"internal_name":"free","prices":[{"months":1,"currency":"EUR","amount":"0.00"}]},{"internal_name":"Windows-2019","name":"Windows Server 2019","prices":[{"months":1,"currency":"EUR","amount":"10.10"},{"months":12,"currency":"KWD","amount":"0.100"}],"per_core":{"pack_size":2,"min_cores":8}}]}}`},
		{"service of protocol 1", rpc.Service{},
			`{"id":"42","account":{"id":"a1","currency":"EUR","balance":"0.10","credit_limit":"0"},"tariff_id":"t1","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"free","os_template":"ISPsystem__CentOS-7-amd64","vm_id":"7","connection":"vm5","status":"active","revision":3}`},
		{"service of protocol 2, params by name", rpc.Service{},
			`{"id":"42","account":{"id":"a1","currency":"EUR","balance":"0.10","credit_limit":"0"},"tariff_id":"t1","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"Windows-2019","params":{"cpus":"2","ip":"203.0.113.7","ostempl":"Windows-2019"},"vm_id":"7","connection":"vm5","status":"active","revision":3}`},
		{"service before open has no vm_id", rpc.Service{},
			`{"id":"42","account":{"id":"a1","currency":"JPY","balance":"150","credit_limit":"0"},"tariff_id":"t1","period_months":12,"period_start":"2026-03-01T00:00:00Z","period_end":"2027-03-01T00:00:00Z","addon_value":"free","params":{"ostempl":""},"connection":"vm5","status":"ordered"}`},
		{"change with charge and fallback", rpc.Action{},
			`{"type":"change","change":{"key":"change:42:free:Windows-2019:2026-03-01:3","service_id":"42","addon":{"from":"free","to":"Windows-2019"},"params":{"os_template":"Windows-2019","vm_id":"7"},"charge":{"key":"charge:42:Windows-2019:2026-03-01","amount":"6.84","currency":"EUR","period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","description":"Windows Server 2019, 21 of 31 days","explain":{"template":"Windows-2019","value":"Windows-2019","matched_by":"exact","old_price":"0.00","new_price":"10.10","period_days":31,"remaining_days":21,"proration":"daily","unrounded":"6.8419354838709677","rounding":"half_up to 2 places"}},"on_insufficient_funds":{"policy":"notify_admin","notification":{"key":"notice:insufficient_funds:service:42:Windows-2019:2026-03-01","kind":"insufficient_funds","audience":"admin","service_id":"42","value":"Windows-2019","message":"cannot charge 6.84 EUR"}}}}`},
		{"dry-run refund", rpc.Action{},
			`{"type":"change","change":{"key":"change:42:Windows-2019:free:2026-03-01:4","service_id":"42","addon":{"from":"Windows-2019","to":"free"},"refund":{"key":"refund:42:Windows-2019:2026-03-01","amount":"0.10","currency":"EUR","period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","description":"refund"},"dry_run":true}}`},
		{"notification", rpc.Action{},
			`{"type":"notification","notification":{"key":"notice:orphan_vm:vm:9","kind":"orphan_vm","audience":"admin","vm_id":"9","connection":"vm5","message":"VM 9 has no service"}}`},
		{"os values", rpc.Action{},
			`{"type":"os_values","os_values":{"key":"os_values:vm5:3f2a","connection":"vm5","values":[{"internal_name":"ISPsystem__CentOS-7-amd64","name":"CentOS 7"},{"internal_name":"Windows-2019"}]}}`},
		{"syncserver params", rpc.SyncServerParams{},
			`{"connection":"vm5","run_id":"r-1","as_of":"2026-03-11T04:30:00Z","dry_run":true,"page_size":500}`},
		{"syncserver result", rpc.SyncServerResult{},
			`{"run_id":"r-1","actions":[],"summary":{"connection":"vm5","complete":false,"vms":0,"services":3,"changes":0,"charges":0,"refunds":0,"notifications":1,"skipped":0,"error":"vmmanager: unreachable"}}`},
		{"syncserver result with skips by reason", rpc.SyncServerResult{},
			`{"run_id":"r-2","actions":[{"type":"notification","notification":{"key":"notify:service_invalid:vm5:42:2026-03-11","kind":"service_invalid","audience":"admin","service_id":"42","vm_id":"7","connection":"vm5","field":"services[3].account.balance","message":"service 42 is left alone"}}],"summary":{"connection":"vm5","complete":true,"vms":2,"services":3,"changes":0,"charges":0,"refunds":0,"notifications":1,"skipped":3,"skipped_by_reason":{"installing":1,"service_invalid":1,"listing_incomplete":1}}}`},
		{"services page", rpc.ServicesResult{},
			`{"services":[],"tariffs":[],"next_cursor":"42"}`},
		{"progress", rpc.ProgressParams{},
			`{"run_id":"r-1","phase":"vms","done":500,"total":0}`},
		{"setparam", rpc.SetParamParams{},
			`{"service":{"id":"42","account":{"id":"a1","currency":"EUR","balance":"1","credit_limit":"0"},"tariff_id":"t1","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"free","os_template":"x","vm_id":"7","connection":"vm5","status":"active"},"tariff":{"id":"t1","periods":[1],"addon":{"internal_name":"ostempl","billing_type":"order","default":"free","values":[]}},"os_template":"Windows-2019","password":"s3cret","as_of":"2026-03-11T10:00:00Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roundTrip(t, tt.v, tt.wire); got != tt.wire {
				t.Errorf("round trip changed the bytes\n got: %s\nwant: %s", got, tt.wire)
			}
		})
	}
}

// TestNullAndAbsent pins how optional fields treat null and absence: both
// decode to the zero value and encode as absent; a required list encodes as
// [] even when empty, never null.
func TestNullAndAbsent(t *testing.T) {
	for _, wire := range []string{
		`{"service":{"id":"1","account":{"id":"a","currency":"EUR","balance":"0","credit_limit":"0"},"tariff_id":"t","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"free","os_template":"","connection":"c","status":"active"},"as_of":"2026-03-01T00:00:00Z"}`,
		`{"service":{"id":"1","account":{"id":"a","currency":"EUR","balance":"0","credit_limit":"0"},"tariff_id":"t","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"free","os_template":"","connection":"c","status":"active"},"tariff":null,"as_of":"2026-03-01T00:00:00Z"}`,
	} {
		var p rpc.ServiceParams
		if err := rpc.DecodeParamsBytes([]byte(wire), &p); err != nil {
			t.Fatal(err)
		}
		if p.Tariff != nil {
			t.Errorf("tariff decoded as %+v, want nil", p.Tariff)
		}
		out, _ := json.Marshal(p)
		if strings.Contains(string(out), `"tariff"`) {
			t.Errorf("nil tariff encoded: %s", out)
		}
	}
	out, _ := json.Marshal(rpc.ActionsResult{Actions: []rpc.Action{}})
	if string(out) != `{"actions":[]}` {
		t.Errorf("empty actions = %s, want []", out)
	}
}

// TestAmountIsNeverAFloat: a JSON number where money belongs is refused and
// the error names the field.
func TestAmountIsNeverAFloat(t *testing.T) {
	var acc rpc.Account
	err := rpc.DecodeParamsBytes([]byte(`{"id":"a","currency":"EUR","balance":0.1,"credit_limit":"0"}`), &acc)
	if rpc.CodeOf(err) != rpc.CodeInvalidParams {
		t.Fatalf("error = %v, want InvalidParams", err)
	}
	var e *rpc.Error
	if !asError(err, &e) || e.Field != "balance" {
		t.Fatalf("field = %v, want balance", err)
	}
}

func TestActionKey(t *testing.T) {
	tests := []struct {
		a    rpc.Action
		want string
	}{
		{rpc.Action{Type: rpc.ActionChange, Change: &rpc.Change{Key: "c"}}, "c"},
		{rpc.Action{Type: rpc.ActionNotification, Notification: &rpc.Notification{Key: "n"}}, "n"},
		{rpc.Action{Type: rpc.ActionOSValues, OSValues: &rpc.OSValues{Key: "o"}}, "o"},
		{rpc.Action{}, ""},
	}
	for _, tt := range tests {
		if got := tt.a.Key(); got != tt.want {
			t.Errorf("Key() = %q, want %q", got, tt.want)
		}
	}
}
