package keys_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"osaddon/plugin/keys"
)

var march = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func TestKeys(t *testing.T) {
	tests := []struct {
		name string
		got  keys.Key
		want string
	}{
		{"charge", keys.Charge("svc-42", "win2019", march), "charge:svc-42:win2019:2026-03-01"},
		{"refund", keys.Refund("svc-42", "win2019", march), "refund:svc-42:win2019:2026-03-01"},
		{"separators in ids are escaped", keys.Charge("a:b", "ISPsystem__Windows 2022", march),
			"charge:a%3Ab:ISPsystem__Windows%202022:2026-03-01"},
		{"percent is escaped", keys.Charge("100%", "x", march), "charge:100%25:x:2026-03-01"},
		{"period start in another zone uses its UTC date", keys.Charge("s", "v", march.In(time.FixedZone("MSK", 3*3600))),
			"charge:s:v:2026-03-01"},
		{"notification per service", keys.Notification("insufficient_funds", keys.SubjectService, "svc-42", "win2019", march),
			"notify:insufficient_funds:svc:svc-42:win2019:2026-03-01"},
		{"notification per VM", keys.Notification("unmapped_commercial_template", keys.SubjectVM, "7", "free", march),
			"notify:unmapped_commercial_template:vm:7:free:2026-03-01"},
		{"space is %20, plus is %2B", keys.Open("a b+c"), "open:a%20b%2Bc"},
		{"charge under the refund policy", keys.WithRevision(keys.Charge("svc-42", "win2019", march), 3),
			"charge:svc-42:win2019:2026-03-01:r3"},
		{"change", keys.Change("45", "free", "Windows-2019", "Windows-2019", march, 0),
			"change:45:free:Windows-2019:Windows-2019:2026-03-01:r0"},
		{"open", keys.Open("42"), "open:42"},
		{"remap", keys.Remap("42", "free", "win2019", "vps-m", 5), "remap:42:free:win2019:vps-m:r5"},
		{"move", keys.MoveChange("44", "vps-m", "vps-l", 1, 12, 2), "move:44:vps-m:1:vps-l:12:r2"},
		{"move charge", keys.Move(keys.KindCharge, "44", keys.Plan{Tariff: "vps-m", Months: 1, Value: "w"},
			keys.Plan{Tariff: "vps-l", Months: 1, Value: "w"}, march, 0), "move-charge:44:vps-m:1:w:vps-l:1:w:2026-03-01:r0"},
		{"move notification", keys.MoveNotification("insufficient_funds", "44", keys.Plan{Tariff: "vps-m", Months: 1, Value: "Windows-2019"},
			keys.Plan{Tariff: "vps-l", Months: 1, Value: "Windows-2019"}, march, 0),
			"notify:insufficient_funds:move:44:vps-m:1:Windows-2019:vps-l:1:Windows-2019:2026-03-01:r0"},
		{"daily notice", keys.Daily("orphan_vm", "vm5", march.Add(10*24*time.Hour+5*time.Hour), "", "9"),
			"notify:orphan_vm:vm5::9:2026-03-11"},
		{"monthly notice", keys.Monthly("unmapped_commercial_template", "vm5", "Windows_2022", march.AddDate(0, 0, 20)),
			"notify:unmapped_commercial_template:vm5:Windows_2022:2026-03"},
		{"window notice", keys.WindowNotice("vmmanager_unreachable", "vm5", march.Add(11*time.Hour+59*time.Minute)),
			"notify:vmmanager_unreachable:vm5:2026-03-01T08%3A00%3A00Z"},
		{"client notice", keys.ClientNotice("addon_charged", keys.Charge("45", "Windows-2019", march)),
			"notify:addon_charged:charge%3A45%3AWindows-2019%3A2026-03-01"},
		{"template list", keys.OSValues("vm5", []keys.Template{{InternalName: "Debian_12"}, {InternalName: "Windows_2022"}}),
			"os_values:vm5:" + osValuesHash("Debian_12\x00\x00Windows_2022\x00\x00")},
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
	if keys.Charge("svc-42", "win2019", march.AddDate(0, 1, 0)) == keys.Charge("svc-42", "win2019", march) {
		t.Fatal("the next period reuses the key")
	}
}

func FuzzKeysAreInjective(f *testing.F) {
	f.Add("svc-42", "win2019", "svc-42", "win2019")
	f.Add("a:b", "c", "a", "b:c")
	f.Add("a%3Ab", "c", "a:b", "c")
	f.Fuzz(func(t *testing.T, s1, v1, s2, v2 string) {
		k1, k2 := keys.Charge(s1, v1, march), keys.Charge(s2, v2, march)
		if (k1 == k2) != (s1 == s2 && v1 == v2) {
			t.Fatalf("Charge(%q, %q) = %q, Charge(%q, %q) = %q", s1, v1, k1, s2, v2, k2)
		}
		if strings.Count(string(k1), ":") != 3 {
			t.Fatalf("key %q has extra separators", k1)
		}
	})
}

// osValuesHash is the list part of an os_values key of that content.
func osValuesHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])[:16]
}
