package module_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

func forKinds(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) { t.Parallel(); fn(t, kind) })
	}
}

func TestOpen(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
		info := c.Info()
		if len(info.Features) != len(rpc.HandlerMethods) {
			t.Fatalf("features = %v", info.Features)
		}
		for i, tc := range []struct{ template, value, amount, matched string }{
			{linux(f), "Free OS", "0.00", "default"},
			{windows(f), windows(f), "20.00", "exact"},
			{f.TemplateName(vmfake.DefaultTemplates[2]), "Free OS", "0.00", "default"},
		} {
			s := serviceFor(f, fmt.Sprintf("new-%d", i), "", "0")
			s.Status = "ordered"
			res, err := c.Open(context.Background(), &rpc.OpenParams{Service: s, Tariff: tariffFor(f), Template: tc.template,
				VM: rpc.VMSpec{Name: "vps", Password: "pw-secret", CPUs: 2, RAMMiB: 1024, DiskMiB: 10240}, AsOf: may10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Price.Amount != rpc.Amount(tc.amount) || res.Price.Value != tc.value || res.Price.MatchedBy != tc.matched {
				t.Fatalf("%s: price = %+v", tc.template, res.Price)
			}
			ch := changes(res.Actions)
			if len(ch) != 1 || ch[0].Charge != nil || ch[0].Params[rpc.DefaultOSParam] != tc.template || ch[0].Params["vm_id"] == "" {
				t.Fatalf("%s: actions = %+v", tc.template, ch)
			}
			if vm, ok := f.VM(ch[0].Params["vm_id"]); !ok || vm.Template != tc.template {
				t.Fatalf("VM = %+v, %v", vm, ok)
			}
		}
	})
}

func TestOpenRefusesBadInputBeforeVMmanager(t *testing.T) {
	f := vmfake.NewV6(t)
	c := inProcess(t, configFor(pricing.DowngradeNone, f), newBilling())
	before := f.Requests()
	for _, tc := range []struct {
		name  string
		edit  func(*rpc.OpenParams)
		code  rpc.Code
		field string
	}{
		{"unknown tariff", func(p *rpc.OpenParams) { p.Service.TariffID = "nope" }, rpc.CodeUnknownTariff, "service.tariff_id"},
		{"bad currency", func(p *rpc.OpenParams) { p.Service.Account.Currency = "EUX" }, rpc.CodeUnknownCurrency, "service.account.currency"},
		{"bad amount", func(p *rpc.OpenParams) { p.Tariff.Addon.Values[1].Prices[0].Amount = "1e3" }, rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
		{"negative amount", func(p *rpc.OpenParams) { p.Tariff.Addon.Values[1].Prices[0].Amount = "-1" }, rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
		{"price missing", func(p *rpc.OpenParams) { p.Service.Account.Currency = "USD" }, rpc.CodePriceMissing, "tariff"},
		{"period", func(p *rpc.OpenParams) { p.Service.PeriodMonths = 3 }, rpc.CodeInvalidPeriod, "service.period_months"},
		{"connection", func(p *rpc.OpenParams) { p.Service.Connection = "other" }, rpc.CodeUnknownConnection, "service.connection"},
	} {
		p := &rpc.OpenParams{Service: serviceFor(f, "s", "", "0"), Tariff: tariffFor(f), Template: windows(f), VM: rpc.VMSpec{Name: "v", Password: "pw-secret", CPUs: 1}, AsOf: may10}
		tc.edit(p)
		_, err := c.Open(context.Background(), p)
		e, ok := err.(*rpc.Error)
		if !ok || e.Code != tc.code || e.Field != tc.field {
			t.Errorf("%s: error = %#v, want code %d field %s", tc.name, err, tc.code, tc.field)
		}
	}
	if f.Requests() != before {
		t.Fatalf("VMmanager was called %d times for refused orders", f.Requests()-before)
	}
}

// TestSyncChargesOnce: free OS ordered, Windows installed inside
// VMmanager: the next sync charges the prorated price once.
func TestSyncChargesOnce(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		vmID := addVM(t, f, linux(f))
		b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100.00")}
		c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
		if err := f.Reinstall(vmID, windows(f)); err != nil {
			t.Fatal(err)
		}
		dry := runSync(t, c, f, "run-0", may10, true)
		first := runSync(t, c, f, "run-1", may10, false)
		again := runSync(t, c, f, "run-1", may10, false)
		a, _ := json.Marshal(first)
		bb, _ := json.Marshal(again)
		if string(a) != string(bb) {
			t.Fatalf("two runs on the same state differ:\n%s\n%s", a, bb)
		}
		ch := changes(first.Actions)
		if len(ch) != 1 || ch[0].Charge == nil || ch[0].Charge.Amount != "14.19" || !first.Summary.Complete {
			t.Fatalf("plan = %s", a)
		}
		if e := ch[0].Charge.Explain; e == nil || e.RemainingDays != 22 || e.PeriodDays != 31 || e.MatchedBy != "exact" {
			t.Fatalf("explanation = %+v", e)
		}
		if dc := changes(dry.Actions); len(dc) != 1 || !dc[0].DryRun || dc[0].Key != ch[0].Key {
			t.Fatalf("dry run = %+v", dc)
		}
		b.apply(t, dry.Actions)
		b.apply(t, first.Actions)
		b.apply(t, again.Actions)
		later := runSync(t, c, f, "run-2", may10.Add(4*time.Hour), false)
		if len(changes(later.Actions)) != 0 {
			t.Fatalf("rerun after apply planned %+v", changes(later.Actions))
		}
		if len(b.ledger) != 1 || b.ledger[0].Amount != "14.19" || b.service("svc-1").Account.Balance != "85.81" {
			t.Fatalf("ledger = %+v, balance %s", b.ledger, b.service("svc-1").Account.Balance)
		}
		if b.progressCount() == 0 {
			t.Fatal("no $/progress")
		}
	})
}

func TestInsufficientFundsThenTopUp(t *testing.T) {
	f := vmfake.NewV5(t)
	b := newBilling(tariffFor(f))
	vmID := addVM(t, f, windows(f))
	b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "5.00")}
	c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
	res := runSync(t, c, f, "r1", may10, false)
	if len(changes(res.Actions)) != 0 || len(notices(res.Actions, rpc.NoticeInsufficientFunds)) != 1 {
		t.Fatalf("plan = %+v", res.Actions)
	}
	b.apply(t, res.Actions)
	b.apply(t, runSync(t, c, f, "r2", may10.Add(4*time.Hour), false).Actions)
	if len(b.notices) != 2 { // insufficient funds once, and the OS values are no notice
		n := 0
		for _, x := range b.notices {
			if x.Kind == rpc.NoticeInsufficientFunds {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("insufficient funds notified %d times", n)
		}
	}
	b.service("svc-1").Account.Balance = "50.00"
	b.apply(t, runSync(t, c, f, "r3", may10.Add(8*time.Hour), false).Actions)
	if len(b.ledger) != 1 || b.service("svc-1").AddonValue != windows(f) {
		t.Fatalf("ledger = %+v, service %+v", b.ledger, b.service("svc-1"))
	}
}

// TestFlipFlop: Linux→Windows→Linux→Windows in one period pays once under
// downgrade none; under refund the client pays for the Windows days.
func TestFlipFlop(t *testing.T) {
	for _, pol := range []pricing.Downgrade{pricing.DowngradeNone, pricing.DowngradeRefund} {
		t.Run(string(pol), func(t *testing.T) {
			f := vmfake.NewV6(t)
			b := newBilling(tariffFor(f))
			vmID := addVM(t, f, linux(f))
			b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100.00")}
			c := inProcess(t, configFor(pol, f), b)
			at := may10
			for _, tpl := range []string{windows(f), linux(f), windows(f)} {
				if err := f.Reinstall(vmID, tpl); err != nil {
					t.Fatal(err)
				}
				b.apply(t, runSync(t, c, f, at.String(), at, false).Actions)
				at = at.Add(5 * 24 * time.Hour)
			}
			s := b.service("svc-1")
			if s.AddonValue != windows(f) {
				t.Fatalf("record = %s, want Windows", s.AddonValue)
			}
			var amounts []rpc.Amount
			for _, m := range b.ledger {
				amounts = append(amounts, m.Amount)
			}
			// May 10: 22 days → 14.19; May 15: 17 days → 10.97; May 20: 12 days → 7.74.
			want := map[pricing.Downgrade]string{pricing.DowngradeNone: "[14.19]", pricing.DowngradeRefund: "[14.19 -10.97 7.74]"}[pol]
			if got, _ := json.Marshal(amounts); string(got) != `["`+want[1:len(want)-1]+`"]` && jsonList(amounts) != want {
				t.Fatalf("ledger = %v, want %s", amounts, want)
			}
		})
	}
}

func jsonList(a []rpc.Amount) string {
	s := "["
	for i, x := range a {
		if i > 0 {
			s += " "
		}
		s += string(x)
	}
	return s + "]"
}

func TestDowngrade(t *testing.T) {
	for pol, refund := range map[pricing.Downgrade]rpc.Amount{pricing.DowngradeNone: "", pricing.DowngradeRefund: "7.74"} {
		t.Run(string(pol), func(t *testing.T) {
			f := vmfake.NewV5(t)
			b := newBilling(tariffFor(f))
			vmID := addVM(t, f, linux(f))
			s := serviceFor(f, "svc-1", vmID, "0")
			s.AddonValue = windows(f)
			setOS(&s, windows(f))
			b.services = []rpc.Service{s}
			c := inProcess(t, configFor(pol, f), b)
			ch := changes(runSync(t, c, f, "r", may20, false).Actions)
			if len(ch) != 1 || ch[0].Addon.To != "Free OS" || ch[0].Charge != nil {
				t.Fatalf("changes = %+v", ch)
			}
			got := rpc.Amount("")
			if ch[0].Refund != nil {
				got = ch[0].Refund.Amount
			}
			if got != refund {
				t.Fatalf("refund = %q, want %q", got, refund)
			}
		})
	}
}

func TestUnknownIsNotFree(t *testing.T) {
	faults := map[string]func(f *vmfake.Fake, vmID string){
		"down":       func(f *vmfake.Fake, _ string) { f.SetDown(true) },
		"installing": func(f *vmfake.Fake, vmID string) { _ = f.SetInstalling(vmID, true) },
		"truncated":  func(f *vmfake.Fake, _ string) { f.TruncateNext(20) },
		"garbage":    func(f *vmfake.Fake, _ string) { f.MalformNext(20) },
	}
	for name, fault := range faults {
		forKinds(t, func(t *testing.T, kind string) {
			t.Run(name, func(t *testing.T) {
				f := newFake(t, kind)
				b := newBilling(tariffFor(f))
				vmID := addVM(t, f, windows(f))
				b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100")}
				c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
				fault(f, vmID)
				res := runSync(t, c, f, "r", may10, false)
				if len(changes(res.Actions)) != 0 {
					t.Fatalf("changes under %s: %+v", name, res.Actions)
				}
				if name == "installing" {
					if res.Summary.Skipped != 1 || res.Summary.SkippedByReason.Of(rpc.SkipInstalling) != 1 || !res.Summary.Complete {
						t.Fatalf("summary = %+v", res.Summary)
					}
					return
				}
				if res.Summary.Complete || len(notices(res.Actions, rpc.NoticeVMmanagerUnreachable)) != 1 || len(res.Actions) != 1 {
					t.Fatalf("plan = %+v", res)
				}
			})
		})
	}
}

func TestSessionExpiryRecovered(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		vmID := addVM(t, f, windows(f))
		b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100")}
		c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
		f.ExpireSessionsAfter(1)
		res := runSync(t, c, f, "r", may10, false)
		if !res.Summary.Complete || len(changes(res.Actions)) != 1 {
			t.Fatalf("plan = %+v", res)
		}
	})
}

func TestOrphanMissingAndLint(t *testing.T) {
	f := vmfake.NewV6(t)
	b := newBilling(tariffFor(f))
	vmID := addVM(t, f, linux(f))
	addVM(t, f, linux(f)) // no service
	b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100"), serviceFor(f, "svc-2", "999", "100"), serviceFor(f, "svc-3", vmID+"x", "100")}
	c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
	res := runSync(t, c, f, "r", may10, false)
	if len(notices(res.Actions, rpc.NoticeOrphanVM)) != 1 || len(notices(res.Actions, rpc.NoticeVMMissing)) != 2 {
		t.Fatalf("plan = %+v", res.Actions)
	}
	lint := notices(res.Actions, rpc.NoticeUnmappedCommercial)
	if len(lint) != 1 || lint[0].Template != f.TemplateName(vmfake.DefaultTemplates[2]) {
		t.Fatalf("lint = %+v", lint)
	}
	if res.Summary.Services != 3 || b.pageCalls < 2 {
		t.Fatalf("summary = %+v, pages %d", res.Summary, b.pageCalls)
	}
}

func TestSetParamReinstallCharges(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		vmID := addVM(t, f, linux(f))
		c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
		res, err := c.SetParam(context.Background(), &rpc.SetParamParams{
			Service: serviceFor(f, "svc-1", vmID, "100"), Tariff: tariffFor(f),
			OSTemplate: windows(f), Password: "pw-secret", AsOf: may20,
		})
		if err != nil {
			t.Fatal(err)
		}
		ch := changes(res.Actions)
		if len(ch) != 1 || ch[0].Charge == nil || ch[0].Charge.Amount != "7.74" || ch[0].Addon.To != windows(f) {
			t.Fatalf("actions = %+v", res.Actions)
		}
		if vm, _ := f.VM(vmID); vm.Template != windows(f) {
			t.Fatalf("VM template = %q", vm.Template)
		}
	})
}

func TestSuspendResumeClose(t *testing.T) {
	f := vmfake.NewV6(t)
	b := newBilling(tariffFor(f))
	vmID := addVM(t, f, windows(f))
	c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
	ctx := context.Background()
	tariff := tariffFor(f)
	p := &rpc.ServiceParams{Service: serviceFor(f, "svc-1", vmID, "100"), AsOf: may10}
	if _, err := c.Suspend(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Tariff = &tariff
	res, err := c.Resume(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if ch := changes(res.Actions); len(ch) != 1 || ch[0].Charge == nil || ch[0].Charge.Amount != "14.19" {
		t.Fatalf("resume = %+v", res.Actions)
	}
	for range 2 {
		if _, err := c.CloseService(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	p.Service.VMID = "424242"
	if _, err := c.Suspend(ctx, p); rpc.CodeOf(err) != rpc.CodeVMNotFound {
		t.Fatalf("suspend of a missing VM: %v", err)
	}
}

func TestCheckConnection(t *testing.T) {
	f5, f6 := vmfake.NewV5(t), vmfake.NewV6(t)
	f6.SetDown(true)
	c := inProcess(t, configFor(pricing.DowngradeNone, f5, f6), newBilling())
	res, err := c.CheckConnection(context.Background(), &rpc.CheckConnectionParams{})
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{}
	for _, s := range res.Connections {
		ok[s.Kind] = s.OK
		if s.OK && s.Templates != len(vmfake.DefaultTemplates) {
			t.Fatalf("status = %+v", s)
		}
	}
	if !ok["vmmanager5"] || ok["vmmanager6"] {
		t.Fatalf("connections = %+v", res.Connections)
	}
}
