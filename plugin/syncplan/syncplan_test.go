package syncplan_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/mapping"
	"osaddon/plugin/money"
	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

var eur = money.MustCurrency("EUR")

func tariff() catalog.Tariff {
	price := func(s string) map[int]map[money.Currency]decimal.Decimal {
		return map[int]map[money.Currency]decimal.Decimal{1: {eur: decimal.RequireFromString(s)}}
	}
	return catalog.Tariff{ID: "vps-1", Periods: []int{1}, Addon: catalog.Addon{
		InternalName: "ostempl", BillingType: catalog.BillingOrder, Default: "Free OS",
		Values: []catalog.Value{
			{InternalName: "Free OS", Prices: price("0")},
			{InternalName: "Windows-Server-2019", Prices: price("20.00")},
		},
	}}
}

func service(value, template string, balance string, rev int64) syncplan.Service {
	return syncplan.Service{
		Service: catalog.Service{
			ID: "svc-1", AccountID: "acc-1", TariffID: "vps-1",
			PeriodStart: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
			PeriodMonths: 1, AddonValue: value, OSTemplate: template, VMID: "7", Status: catalog.StatusActive,
		},
		Account:  catalog.Account{ID: "acc-1", Currency: eur, Balance: decimal.RequireFromString(balance)},
		Revision: rev,
	}
}

func rules(t *testing.T, downgrade pricing.Downgrade) syncplan.Rules {
	t.Helper()
	m, err := mapping.New(mapping.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	p := pricing.DefaultPolicy()
	p.Downgrade = downgrade
	return syncplan.Rules{Connection: "vm6", AsOf: time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC), Policy: p, Mapper: m}
}

func vm(template string) vmmanager.VM {
	return vmmanager.VM{ID: "7", Template: template, State: "running", CPUs: 2}
}

func TestChargeProratedToTheCent(t *testing.T) {
	actions, outcome := planVM(rules(t, pricing.DowngradeNone), tariff(), service("Free OS", "CentOS-7", "100", 1), vm("Windows-Server-2019"))
	if outcome != syncplan.Planned || len(actions) != 1 || actions[0].Change == nil {
		t.Fatalf("actions = %+v, outcome %v", actions, outcome)
	}
	c := actions[0].Change
	// 20.00 × 22/31 = 14.1935… → 14.19
	if c.Charge == nil || c.Charge.Amount != "14.19" || c.Charge.Key != "charge:svc-1:Windows-Server-2019:2024-05-01" {
		t.Fatalf("charge = %+v", c.Charge)
	}
	if c.Addon.From != "Free OS" || c.Addon.To != "Windows-Server-2019" || c.Params["os_template"] != "Windows-Server-2019" {
		t.Fatalf("change = %+v", c)
	}
	if c.OnInsufficientFunds == nil || c.OnInsufficientFunds.Notification == nil || c.Charge.Explain.MatchedBy != "exact" {
		t.Fatalf("fallback = %+v, explain %+v", c.OnInsufficientFunds, c.Charge.Explain)
	}
}

func TestFlipFlopOneMoneyKey(t *testing.T) {
	r := rules(t, pricing.DowngradeNone)
	first, _ := planVM(r, tariff(), service("Free OS", "CentOS-7", "100", 1), vm("Windows-Server-2019"))
	back, _ := planVM(r, tariff(), service("Windows-Server-2019", "Windows-Server-2019", "100", 2), vm("CentOS-7"))
	again, _ := planVM(r, tariff(), service("Free OS", "CentOS-7", "100", 3), vm("Windows-Server-2019"))
	if back[0].Change.Refund != nil || back[0].Change.Charge != nil {
		t.Fatalf("downgrade none moved money: %+v", back[0].Change)
	}
	if first[0].Change.Charge.Key != again[0].Change.Charge.Key {
		t.Fatalf("money keys differ: %s, %s", first[0].Change.Charge.Key, again[0].Change.Charge.Key)
	}
	if first[0].Change.Key == again[0].Change.Key {
		t.Fatalf("change keys equal: %s", first[0].Change.Key)
	}
}

func TestRefundPolicy(t *testing.T) {
	r := rules(t, pricing.DowngradeRefund)
	back, _ := planVM(r, tariff(), service("Windows-Server-2019", "Windows-Server-2019", "0", 2), vm("CentOS-7"))
	if back[0].Change.Refund == nil || back[0].Change.Refund.Amount != "14.19" {
		t.Fatalf("refund = %+v", back[0].Change.Refund)
	}
	first, _ := planVM(r, tariff(), service("Free OS", "CentOS-7", "100", 1), vm("Windows-Server-2019"))
	again, _ := planVM(r, tariff(), service("Free OS", "CentOS-7", "100", 3), vm("Windows-Server-2019"))
	if first[0].Change.Charge.Key == again[0].Change.Charge.Key {
		t.Fatal("under refund, a re-charge after a refund reuses the money key")
	}
	noRev, _ := planVM(r, tariff(), service("Windows-Server-2019", "Windows-Server-2019", "0", 0), vm("CentOS-7"))
	if noRev[0].Change.Refund != nil {
		t.Fatal("a refund was planned without a revision")
	}
}

func TestInsufficientFundsNotifies(t *testing.T) {
	actions, _ := planVM(rules(t, pricing.DowngradeNone), tariff(), service("Free OS", "CentOS-7", "1", 1), vm("Windows-Server-2019"))
	if len(actions) != 1 || actions[0].Notification == nil || actions[0].Notification.Kind != rpc.NoticeInsufficientFunds {
		t.Fatalf("actions = %+v", actions)
	}
}

func TestUnknownIsNotFree(t *testing.T) {
	installing := vm("")
	installing.Installing = true
	if _, o := planVM(rules(t, pricing.DowngradeNone), tariff(), service("Windows-Server-2019", "Windows-Server-2019", "0", 1), installing); o != rpc.SkipInstalling {
		t.Fatalf("outcome = %v", o)
	}
	p := syncplan.New(rules(t, pricing.DowngradeNone))
	p.AddTariff(tariff())
	p.AddService(service("Free OS", "CentOS-7", "100", 1))
	p.ObserveVM(vm("Windows-Server-2019"))
	actions, sum := finish(p, errors.New("listing broke off"))
	if sum.Complete || len(actions) != 1 || actions[0].Notification.Kind != rpc.NoticeVMmanagerUnreachable {
		t.Fatalf("actions = %+v, summary %+v", actions, sum)
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	run := func(order []vmmanager.VM) []byte {
		p := syncplan.New(rules(t, pricing.DowngradeNone))
		p.AddTariff(tariff())
		p.AddService(service("Free OS", "CentOS-7", "100", 1))
		s := service("Free OS", "CentOS-7", "100", 1)
		s.ID, s.VMID = "svc-2", "9"
		p.AddService(s)
		p.SetTemplates([]vmmanager.Template{{Name: "Windows-Server-2019"}, {Name: "Windows-2022"}, {Name: "CentOS-7"}})
		for _, v := range order {
			p.ObserveVM(v)
		}
		actions, sum := finish(p, nil)
		b, err := json.Marshal(rpc.SyncServerResult{Actions: actions, Summary: sum})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	orphan := vmmanager.VM{ID: "8", Template: "CentOS-7", State: "running"}
	a := run([]vmmanager.VM{vm("Windows-Server-2019"), orphan})
	b := run([]vmmanager.VM{orphan, vm("Windows-Server-2019")})
	if string(a) != string(b) {
		t.Fatalf("plans differ:\n%s\n%s", a, b)
	}
	var res rpc.SyncServerResult
	_ = json.Unmarshal(a, &res)
	kinds := map[string]int{}
	for _, a := range res.Actions {
		if a.Notification != nil {
			kinds[a.Notification.Kind]++
		}
	}
	if kinds[rpc.NoticeOrphanVM] != 1 || kinds[rpc.NoticeVMMissing] != 1 || kinds[rpc.NoticeUnmappedCommercial] != 1 {
		t.Fatalf("notifications = %v\n%s", kinds, a)
	}
}
