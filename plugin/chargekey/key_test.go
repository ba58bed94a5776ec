package chargekey_test

import (
	"strings"
	"testing"
	"time"

	"osaddon/plugin/chargekey"
)

var march = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func TestKeys(t *testing.T) {
	tests := []struct {
		name string
		got  chargekey.Key
		want string
	}{
		{"charge", chargekey.Charge("svc-42", "win2019", march), "charge:svc-42:win2019:2026-03-01"},
		{"refund", chargekey.Refund("svc-42", "win2019", march), "refund:svc-42:win2019:2026-03-01"},
		{"separators in ids are escaped", chargekey.Charge("a:b", "ISPsystem__Windows 2022", march),
			"charge:a%3Ab:ISPsystem__Windows%202022:2026-03-01"},
		{"percent is escaped", chargekey.Charge("100%", "x", march), "charge:100%25:x:2026-03-01"},
		{"period start in another zone uses its UTC date", chargekey.Charge("s", "v", march.In(time.FixedZone("MSK", 3*3600))),
			"charge:s:v:2026-03-01"},
		{"notification per service", chargekey.Notification("insufficient_funds", chargekey.SubjectService, "svc-42", "win2019", march),
			"notify:insufficient_funds:svc:svc-42:win2019:2026-03-01"},
		{"notification per VM", chargekey.Notification("unmapped_commercial_template", chargekey.SubjectVM, "7", "free", march),
			"notify:unmapped_commercial_template:vm:7:free:2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if string(tt.got) != tt.want {
				t.Errorf("key = %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestNextPeriodGetsANewKey(t *testing.T) {
	if chargekey.Charge("svc-42", "win2019", march.AddDate(0, 1, 0)) == chargekey.Charge("svc-42", "win2019", march) {
		t.Fatal("the next period reuses the key")
	}
}

func FuzzKeysAreInjective(f *testing.F) {
	f.Add("svc-42", "win2019", "svc-42", "win2019")
	f.Add("a:b", "c", "a", "b:c")
	f.Add("a%3Ab", "c", "a:b", "c")
	f.Fuzz(func(t *testing.T, s1, v1, s2, v2 string) {
		k1, k2 := chargekey.Charge(s1, v1, march), chargekey.Charge(s2, v2, march)
		if (k1 == k2) != (s1 == s2 && v1 == v2) {
			t.Fatalf("Charge(%q, %q) = %q, Charge(%q, %q) = %q", s1, v1, k1, s2, v2, k2)
		}
		if strings.Count(string(k1), ":") != 3 {
			t.Fatalf("key %q has extra separators", k1)
		}
	})
}
