package chargekey_test

import (
	"testing"
	"time"

	"osaddon/plugin/chargekey"
)

func TestMoveKeys(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	from := chargekey.Plan{Tariff: "vps-m", Months: 1, Value: "Windows:2019"}
	to := chargekey.Plan{Tariff: "vps-l", Months: 12, Value: "Windows:2019"}
	got := chargekey.Move(chargekey.KindCharge, "svc-1", from, to, start, 7)
	if want := chargekey.Key("move-charge:svc-1:vps-m:1:Windows%3A2019:vps-l:12:Windows%3A2019:2026-03-01:r7"); got != want {
		t.Fatalf("key = %s, want %s", got, want)
	}
	seen := map[chargekey.Key]bool{got: true}
	for _, k := range []chargekey.Key{
		chargekey.Move(chargekey.KindRefund, "svc-1", from, to, start, 7),
		chargekey.Move(chargekey.KindCharge, "svc-1", from, to, start, 8),
		chargekey.Move(chargekey.KindCharge, "svc-1", to, from, start, 7),
		chargekey.Move(chargekey.KindCharge, "svc-1", from, to, start.AddDate(0, 1, 0), 7),
		chargekey.MoveNotification("insufficient_funds", "svc-1", from, to, start, 7),
		chargekey.Charge("svc-1", "Windows:2019", start),
	} {
		if seen[k] {
			t.Fatalf("key %s repeats", k)
		}
		seen[k] = true
	}
}
