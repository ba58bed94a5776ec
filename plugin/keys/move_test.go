package keys_test

import (
	"testing"
	"time"

	"osaddon/plugin/keys"
)

func TestMoveKeys(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	from := keys.Plan{Tariff: "vps-m", Months: 1, Value: "Windows:2019"}
	to := keys.Plan{Tariff: "vps-l", Months: 12, Value: "Windows:2019"}
	got := keys.Move(keys.KindCharge, "svc-1", from, to, start, 7)
	if want := keys.Key("move-charge:svc-1:vps-m:1:Windows%3A2019:vps-l:12:Windows%3A2019:2026-03-01:r7"); got != want {
		t.Fatalf("key = %s, want %s", got, want)
	}
	seen := map[keys.Key]bool{got: true}
	for _, k := range []keys.Key{
		keys.Move(keys.KindRefund, "svc-1", from, to, start, 7),
		keys.Move(keys.KindCharge, "svc-1", from, to, start, 8),
		keys.Move(keys.KindCharge, "svc-1", to, from, start, 7),
		keys.Move(keys.KindCharge, "svc-1", from, to, start.AddDate(0, 1, 0), 7),
		keys.MoveNotification("insufficient_funds", "svc-1", from, to, start, 7),
		keys.Charge("svc-1", "Windows:2019", start),
	} {
		if seen[k] {
			t.Fatalf("key %s repeats", k)
		}
		seen[k] = true
	}
}
