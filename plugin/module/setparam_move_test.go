package module_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// dearTariff sells 1 and 12 months; Windows costs 30.00 a month, 300.00
// a year.
func dearTariff(f *vmfake.Fake) rpc.Tariff {
	return rpc.Tariff{ID: "vps-2", Name: "VPS 2", Periods: []int{1, 12}, Addon: rpc.Addon{
		InternalName: "ostempl", BillingType: "order", Default: "Free OS",
		Values: []rpc.AddonValue{
			{InternalName: "Free OS", Prices: []rpc.Price{{Months: 1, Currency: "EUR", Amount: "0"}, {Months: 12, Currency: "EUR", Amount: "0"}}},
			{InternalName: windows(f), Name: "Windows Server 2019",
				Prices: []rpc.Price{{Months: 1, Currency: "EUR", Amount: "30.00"}, {Months: 12, Currency: "EUR", Amount: "300.00"}}},
		},
	}}
}

// linuxOnly offers no Windows.
func linuxOnly() rpc.Tariff {
	return rpc.Tariff{ID: "vps-lx", Periods: []int{1}, Addon: rpc.Addon{
		InternalName: "ostempl", BillingType: "order", Default: "Free OS",
		Values: []rpc.AddonValue{{InternalName: "Free OS", Prices: []rpc.Price{{Months: 1, Currency: "EUR", Amount: "0"}}}},
	}}
}

func onWindows(f *vmfake.Fake, vmID string) rpc.Service {
	s := serviceFor(f, "svc-1", vmID, "100.00")
	s.AddonValue = windows(f)
	setOS(&s, windows(f))
	return s
}

func TestSetParamTariffMoveKeepsWindowsPaid(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, windows(f))
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	before := f.Requests()
	from := tariffFor(f)
	p := &rpc.SetParamParams{Service: onWindows(f, vmID), Tariff: dearTariff(f), TariffID: "vps-2", FromTariff: &from, AsOf: may20}
	res, err := c.SetParam(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	// 20 May: 12 of 31 days left; (30.00 − 20.00) × 12 / 31 = 120 / 31
	// = 3.870967… → 3.87
	ch := changes(res.Actions)
	if len(ch) != 1 || ch[0].Charge == nil || ch[0].Charge.Amount != "3.87" || ch[0].Addon != nil {
		t.Fatalf("actions = %+v", res.Actions)
	}
	m := ch[0].Charge
	if !strings.HasPrefix(m.Key, "move-charge:svc-1:vps-1:1:") || !strings.HasSuffix(m.Key, ":2024-05-01:r1") {
		t.Fatalf("money key = %s", m.Key)
	}
	if want := "Windows Server 2019, vps-1, 1 month → VPS 2, 1 month, 12 of 31 days from 20 May"; m.Description != want {
		t.Fatalf("description = %q, want %q", m.Description, want)
	}
	if n := m.ClientNotice; n == nil || n.Audience != rpc.AudienceClient || n.Kind != rpc.NoticeAddonCharged || !strings.Contains(n.Message, "3.87 EUR") {
		t.Fatalf("client notice = %+v", n)
	}
	again, err := c.SetParam(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(res)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Fatalf("the same snapshot planned twice differs:\n%s\n%s", a, b)
	}
	if f.Requests() != before {
		t.Fatalf("a move of a whole-priced value called VMmanager %d times", f.Requests()-before)
	}
}

func TestSetParamPeriodMoveRefunds(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, windows(f))
	c := inProcess(t, configFor(pricing.DowngradeRefund, f), newBilling())
	s := onWindows(f, vmID)
	s.TariffID = "vps-2"
	res, err := c.SetParam(context.Background(), &rpc.SetParamParams{Service: s, Tariff: dearTariff(f), PeriodMonths: 12, AsOf: may20})
	if err != nil {
		t.Fatal(err)
	}
	// 12 months from 1 May 2024 are 365 days; 12 of 31 days left:
	// (300.00 / 365 − 30.00 / 31) × 12 = (9300 − 10950) × 12 / 11315
	// = −19800 / 11315 = −1.749889… → refund 1.75
	ch := changes(res.Actions)
	if len(ch) != 1 || ch[0].Refund == nil || ch[0].Refund.Amount != "1.75" || ch[0].Refund.Explain.NewPeriodDays != 365 {
		t.Fatalf("actions = %+v", res.Actions)
	}
	if n := ch[0].Refund.ClientNotice; n == nil || n.Kind != rpc.NoticeAddonRefunded {
		t.Fatalf("client notice = %+v", n)
	}
}

func TestSetParamMoveRefusals(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, windows(f))
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	from := tariffFor(f)
	noYear := dearTariff(f)
	noYear.Addon.Values[1].Prices = noYear.Addon.Values[1].Prices[:1]
	for _, tc := range []struct {
		name  string
		p     rpc.SetParamParams
		code  rpc.Code
		field string
		says  []string
	}{
		{"tariff without the OS", rpc.SetParamParams{Service: onWindows(f, vmID), Tariff: linuxOnly(), TariffID: "vps-lx", FromTariff: &from},
			rpc.CodeOSNotOffered, "tariff_id", []string{`"vps-lx"`, windows(f), "1 months", "keeps tariff \"vps-1\""}},
		{"no from_tariff", rpc.SetParamParams{Service: onWindows(f, vmID), Tariff: dearTariff(f), TariffID: "vps-2"},
			rpc.CodeInvalidParams, "from_tariff", []string{"vps-1"}},
		{"from_tariff not the service's", rpc.SetParamParams{Service: onWindows(f, vmID), Tariff: dearTariff(f), TariffID: "vps-2", FromTariff: ptr(dearTariff(f))},
			rpc.CodeUnknownTariff, "from_tariff.id", nil},
		{"period without a price", rpc.SetParamParams{Service: withTariff(onWindows(f, vmID), "vps-2"), Tariff: noYear, PeriodMonths: 12},
			rpc.CodeOSNotOffered, "period_months", []string{"12-month", "EUR", windows(f)}},
		{"period not sold", rpc.SetParamParams{Service: onWindows(f, vmID), Tariff: tariffFor(f), PeriodMonths: 12},
			rpc.CodeInvalidPeriod, "period_months", nil},
		{"OS change with a move", rpc.SetParamParams{Service: withTariff(onWindows(f, vmID), "vps-2"), Tariff: dearTariff(f), PeriodMonths: 12, OSTemplate: linux(f)},
			rpc.CodeInvalidParams, "os_template", nil},
	} {
		tc.p.AsOf = may20
		_, err := c.SetParam(context.Background(), &tc.p)
		e, ok := err.(*rpc.Error)
		if !ok || e.Code != tc.code || e.Field != tc.field {
			t.Errorf("%s: error = %v, want code %d at %s", tc.name, err, tc.code, tc.field)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(e.Message, s) {
				t.Errorf("%s: %q does not say %q", tc.name, e.Message, s)
			}
		}
	}
}

// A free-OS service moves as before: no from_tariff, no money.
func TestSetParamFreeMoveNeedsNoFromTariff(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, linux(f))
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	res, err := c.SetParam(context.Background(), &rpc.SetParamParams{Service: serviceFor(f, "svc-1", vmID, "0"),
		Tariff: linuxOnly(), TariffID: "vps-lx", AsOf: may20})
	if err != nil || len(res.Actions) != 0 {
		t.Fatalf("res = %+v, %v", res, err)
	}
}

func TestMinimums(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, linux(f))
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	tariff := tariffFor(f)
	tariff.Addon.Values[1].MinDiskMiB, tariff.Addon.Values[1].MinRAMMiB = 30720, 2048
	before := f.Requests()
	_, err := c.SetParam(context.Background(), &rpc.SetParamParams{Service: serviceFor(f, "svc-1", vmID, "100"), Tariff: tariff,
		OSTemplate: windows(f), VM: &rpc.VMSizes{DiskMiB: 20480, RAMMiB: 4096}, AsOf: may20})
	if e, ok := err.(*rpc.Error); !ok || e.Code != rpc.CodeBelowMinimum || e.Field != "vm.disk_mib" || !strings.Contains(e.Message, "30720") {
		t.Fatalf("setparam below the minimum: %v", err)
	}
	s := serviceFor(f, "new", "", "100")
	s.Status = "ordered"
	_, err = c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: tariff, Template: windows(f), AsOf: may10,
		VM: rpc.VMSpec{Name: "v", Password: "pw-secret", CPUs: 1, RAMMiB: 1024, DiskMiB: 40960}})
	if e, ok := err.(*rpc.Error); !ok || e.Code != rpc.CodeBelowMinimum || e.Field != "vm.ram_mib" {
		t.Fatalf("open below the minimum: %v", err)
	}
	if f.Requests() != before {
		t.Fatalf("VMmanager was called %d times for refused calls", f.Requests()-before)
	}
	q, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: tariff, Currency: "EUR", PeriodMonths: 1, Template: windows(f)})
	if err != nil || q.Price.MinDiskMiB != 30720 || q.Price.MinRAMMiB != 2048 {
		t.Fatalf("quote = %+v, %v", q, err)
	}
	form, err := c.Quote(context.Background(), &rpc.QuoteParams{Tariff: tariff, Currency: "EUR"})
	if err != nil || form.Values[1].MinDiskMiB != 30720 || form.Values[0].MinDiskMiB != 0 {
		t.Fatalf("order form = %+v, %v", form, err)
	}
	tariff.Addon.Values[1].MinRAMMiB = -1
	_, err = c.Quote(context.Background(), &rpc.QuoteParams{Tariff: tariff, Currency: "EUR"})
	if e, ok := err.(*rpc.Error); !ok || e.Code != rpc.CodeInvalidCatalog || e.Field != "tariff.addon.values[1].min_ram_mib" {
		t.Fatalf("negative minimum: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func withTariff(s rpc.Service, id string) rpc.Service {
	s.TariffID = id
	return s
}

// A move the account cannot pay comes back as the insufficient_funds
// notification alone, keyed for the move; without a revision, no refund.
func TestSetParamMoveFundsAndRevision(t *testing.T) {
	f := vmfake.NewV6(t)
	vmID := addVM(t, f, windows(f))
	c := inProcess(t, configFor(pricing.DowngradeRefund, f), newBilling())
	from := tariffFor(f)
	poor := onWindows(f, vmID)
	poor.Account.Balance = "1.00"
	res, err := c.SetParam(context.Background(), &rpc.SetParamParams{Service: poor, Tariff: dearTariff(f), TariffID: "vps-2", FromTariff: &from, AsOf: may20})
	if err != nil {
		t.Fatal(err)
	}
	n := notices(res.Actions, rpc.NoticeInsufficientFunds)
	// 3.87 owed (see TestSetParamTariffMoveKeepsWindowsPaid), 1.00 held
	if len(res.Actions) != 1 || len(n) != 1 || !strings.HasPrefix(n[0].Key, "notify:insufficient_funds:move:svc-1:") ||
		!strings.Contains(n[0].Message, "must pay 2.87 EUR more") {
		t.Fatalf("actions = %+v", res.Actions)
	}
	s := withTariff(onWindows(f, vmID), "vps-2")
	s.Revision = 0
	res, err = c.SetParam(context.Background(), &rpc.SetParamParams{Service: s, Tariff: dearTariff(f), PeriodMonths: 12, AsOf: may20})
	if err != nil || len(res.Actions) != 0 {
		t.Fatalf("a refund without a revision: %+v, %v", res, err)
	}
}
