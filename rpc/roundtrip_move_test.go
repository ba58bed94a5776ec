package rpc_test

import (
	"testing"

	"osaddon/rpc"
)

// TestWireRoundTripMoves pins the wire of tariff and period moves, client
// notices and OS minimums.
func TestWireRoundTripMoves(t *testing.T) {
	tests := []struct {
		name string
		v    any
		wire string
	}{
		{"setparam move with from_tariff and vm sizes", rpc.SetParamParams{},
			`{"service":{"id":"42","account":{"id":"a1","currency":"EUR","balance":"1","credit_limit":"0"},"tariff_id":"t1","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"Windows-2019","os_template":"Windows-2019","vm_id":"7","connection":"vm5","status":"active","revision":3},"tariff":{"id":"t2","periods":[1],"addon":{"internal_name":"ostempl","billing_type":"order","default":"free","values":[]}},"tariff_id":"t2","from_tariff":{"id":"t1","periods":[1],"addon":{"internal_name":"ostempl","billing_type":"order","default":"free","values":[]}},"vm":{"cpus":2,"ram_mib":4096,"disk_mib":51200},"as_of":"2026-03-11T10:00:00Z"}`},
		{"move charge with its client notice", rpc.Action{},
			`{"type":"change","change":{"key":"move:42:t1:1:t1:12:r3","service_id":"42","refund":{"key":"move-refund:42:t1:1:Windows-2019:t1:12:Windows-2019:2026-03-01:r3","amount":"3.06","currency":"EUR","period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","description":"Windows Server 2019, t1, 1 month → t1, 12 months, 21 of 31 days from 11 March","explain":{"template":"Windows-2019","value":"Windows-2019","matched_by":"exact","old_price":"30.00","new_price":"300.00","period_days":31,"new_period_days":365,"remaining_days":21,"proration":"daily","unrounded":"-3.062306672558","rounding":"half-up to 2 decimal places"},"client_notice":{"key":"notify:addon_refunded:move-refund","kind":"addon_refunded","audience":"client","service_id":"42","message":"We refunded 3.06 EUR"}}}}`},
		{"addon value with minimums", rpc.AddonValue{},
			`{"internal_name":"Windows-2019","name":"Windows Server 2019","prices":[],"min_disk_mib":32768,"min_ram_mib":2048}`},
		{"quote price with minimums", rpc.QuoteResult{},
			`{"price":{"template":"Windows-2019","value":"Windows-2019","matched_by":"exact","months":1,"amount":"10.10","currency":"EUR","min_disk_mib":32768,"min_ram_mib":2048}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roundTrip(t, tt.v, tt.wire); got != tt.wire {
				t.Errorf("round trip changed the bytes\n got: %s\nwant: %s", got, tt.wire)
			}
		})
	}
}
