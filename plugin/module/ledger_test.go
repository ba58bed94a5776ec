package module_test

import (
	"context"
	"path/filepath"
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

// corruptingHost serves pages from a real ledger and spoils one service
// on the way out, as a billing core with one bad record would send it.
type corruptingHost struct {
	*ledger.Host
	spoil func(*rpc.Service)
}

// Services implements rpc.Host.
func (h corruptingHost) Services(ctx context.Context, p *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	res, err := h.Host.Services(ctx, p)
	if err == nil {
		for i := range res.Services {
			h.spoil(&res.Services[i])
		}
	}
	return res, err
}

// TestBadServiceWithTheLedger: against the SQLite ledger, one service
// that cannot be read leaves its account untouched and is reported once
// a day as service_invalid and in services_skipped, never as an orphan;
// the other service is charged once; the run is complete.
func TestBadServiceWithTheLedger(t *testing.T) {
	for name, spoil := range map[string]func(*rpc.Service){
		"unknown currency":      func(s *rpc.Service) { s.Account.Currency = "EUX" },
		"unknown tariff":        func(s *rpc.Service) { s.TariffID = "vps-9" },
		"another connection":    func(s *rpc.Service) { s.Connection = "vm-elsewhere" },
		"negative credit limit": func(s *rpc.Service) { s.Account.CreditLimit = "-5.00" },
	} {
		t.Run(name, func(t *testing.T) {
			forKinds(t, func(t *testing.T, kind string) {
				f := newFake(t, kind)
				l, err := ledger.Open(filepath.Join(t.TempDir(), "ledger.db"))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { l.Close() })
				ctx := context.Background()
				must := func(err error) {
					t.Helper()
					if err != nil {
						t.Fatal(err)
					}
				}
				must(l.PutTariff(ctx, tariffFor(f)))
				for _, id := range []string{"ok", "bad"} {
					s := serviceFor(f, id, addVM(t, f, windows(f)), "100.00")
					must(l.PutAccount(ctx, s.Account))
					must(l.PutService(ctx, s))
				}
				h := corruptingHost{Host: ledger.NewHost(l), spoil: func(s *rpc.Service) {
					if s.ID == "bad" {
						spoil(s)
					}
				}}
				c := inProcess(t, configFor(pricing.DowngradeNone, f), h)
				for range 2 { // the second run the same day records nothing new
					res := runSync(t, c, f, "r", may10, false)
					if !res.Summary.Complete || res.Summary.SkippedByReason != (rpc.SkipCounts{ServiceInvalid: 1}) {
						t.Fatalf("summary = %+v", res.Summary)
					}
					if _, err := l.Apply(ctx, res.Actions, may10); err != nil {
						t.Fatal(err)
					}
				}
				entries, err := l.Entries(ctx)
				must(err)
				if len(entries) != 1 || entries[0].ServiceID != "ok" || entries[0].Amount != "14.19" {
					t.Fatalf("entries = %+v", entries)
				}
				if a, err := l.Account(ctx, "acc-bad"); err != nil || a.Balance != "100.00" {
					t.Fatalf("the bad service's account = %+v, %v", a, err)
				}
				notes, err := l.Notifications(ctx)
				must(err)
				kinds := map[string]int{}
				for _, n := range notes {
					kinds[n.Kind]++
					if n.Kind == rpc.NoticeServiceInvalid && n.ServiceID != "bad" {
						t.Fatalf("service_invalid about %q", n.ServiceID)
					}
				}
				if kinds[rpc.NoticeServiceInvalid] != 1 || kinds[rpc.NoticeServicesSkipped] != 1 || kinds[rpc.NoticeOrphanVM] != 0 {
					t.Fatalf("recorded notifications = %v", kinds)
				}
			})
		})
	}
}
