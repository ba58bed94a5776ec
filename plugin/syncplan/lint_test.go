package syncplan_test

import (
	"testing"
	"time"

	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// unmappedAt plans a run at asOf with two tariffs that both give
// Windows-2022 away, and returns its unmapped_commercial_template notices.
func unmappedAt(t *testing.T, asOf time.Time) []*rpc.Notification {
	t.Helper()
	r := rules(t, pricing.DowngradeNone)
	r.AsOf = asOf
	p := syncplan.New(r)
	other := tariff()
	other.ID = "vps-2"
	p.AddTariff(tariff())
	p.AddTariff(other)
	p.SetTemplates([]vmmanager.Template{{Name: "Windows-2022"}, {Name: "CentOS-7"}})
	actions, _ := finish(p, nil)
	var out []*rpc.Notification
	for _, a := range actions {
		if a.Notification != nil && a.Notification.Kind == rpc.NoticeUnmappedCommercial {
			out = append(out, a.Notification)
		}
	}
	return out
}

// One warning per template per calendar month (UTC) of the run, however
// many tariffs give it away and however many runs see it.
func TestUnmappedCommercialOncePerTemplateAndMonth(t *testing.T) {
	may10 := unmappedAt(t, time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC))
	if len(may10) != 1 || may10[0].Template != "Windows-2022" || may10[0].Message !=
		`tariff vps-1, vps-2: template "Windows-2022" looks commercial but maps to the default value "Free OS"` {
		t.Fatalf("notices = %+v", may10)
	}
	may31 := unmappedAt(t, time.Date(2024, 5, 31, 23, 59, 0, 0, time.UTC))
	june := unmappedAt(t, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	if may31[0].Key != may10[0].Key || june[0].Key == may10[0].Key {
		t.Fatalf("keys: 10 May %s, 31 May %s, 1 June %s", may10[0].Key, may31[0].Key, june[0].Key)
	}
}
