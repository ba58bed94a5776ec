package syncplan_test

import (
	"strings"
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/rpc"
)

func TestChargeTextUsesDisplayNames(t *testing.T) {
	tr := tariff()
	tr.Addon.Values[1].DisplayName = "Windows Server 2019"
	actions, _ := planVM(rules(t, pricing.DowngradeNone), tr, service("Free OS", "CentOS-7", "100", 1), vm("Windows-Server-2019"))
	c := actions[0].Change
	// 10 May: 22 of 31 days left; 20.00 × 22 / 31 = 14.19
	if want := "Windows Server 2019, 22 of 31 days from 10 May"; c.Charge.Description != want {
		t.Fatalf("description = %q, want %q", c.Charge.Description, want)
	}
	n := c.Charge.ClientNotice
	if n == nil || n.Audience != rpc.AudienceClient || n.Kind != rpc.NoticeAddonCharged || n.ServiceID != "svc-1" ||
		n.Message != "We charged 14.19 EUR for the operating system on service svc-1: Windows Server 2019, 22 of 31 days from 10 May." {
		t.Fatalf("client notice = %+v", n)
	}
	if n.Key == c.Charge.Key || n.Key == c.OnInsufficientFunds.Notification.Key {
		t.Fatalf("client notice key %q is not its own", n.Key)
	}
	// Without a display name, the internal name.
	actions, _ = planVM(rules(t, pricing.DowngradeNone), tariff(), service("Free OS", "CentOS-7", "100", 1), vm("Windows-Server-2019"))
	if d := actions[0].Change.Charge.Description; !strings.HasPrefix(d, "Windows-Server-2019, 22 of 31 days") {
		t.Fatalf("description = %q", d)
	}
}

func TestRefundTextNamesTheOldValue(t *testing.T) {
	tr := tariff()
	tr.Addon.Values[1].DisplayName = "Windows Server 2019"
	actions, _ := planVM(rules(t, pricing.DowngradeRefund), tr, service("Windows-Server-2019", "Windows-Server-2019", "0", 3), vm("CentOS-7"))
	r := actions[0].Change.Refund
	if r == nil || r.Description != "Windows Server 2019, 22 of 31 days from 10 May" || r.ClientNotice == nil ||
		r.ClientNotice.Kind != rpc.NoticeAddonRefunded || !strings.HasPrefix(r.ClientNotice.Message, "We refunded 14.19 EUR") {
		t.Fatalf("refund = %+v", r)
	}
}

func TestInsufficientFundsSaysWhatToPay(t *testing.T) {
	tr := tariff()
	tr.Addon.Values[1].DisplayName = "Windows Server 2019"
	actions, _ := planVM(rules(t, pricing.DowngradeNone), tr, service("Free OS", "CentOS-7", "10.00", 1), vm("Windows-Server-2019"))
	if len(actions) != 1 || actions[0].Notification == nil {
		t.Fatalf("actions = %+v", actions)
	}
	// 14.19 owed, 10.00 available: 4.19 more
	want := "account acc-1 cannot pay 14.19 EUR for service svc-1 (Windows Server 2019, 22 of 31 days from 10 May); " +
		"balance 10.00 EUR, credit limit 0.00 EUR: the client must pay 4.19 EUR more; the add-on stays Free OS until then"
	if n := actions[0].Notification; n.Message != want || n.Audience != rpc.AudienceAdmin {
		t.Fatalf("message = %q\nwant      %q", n.Message, want)
	}
}

// TestFallbackNoticeOfAPayableCharge: a charge the account could pay when
// the host sent it carries the notice for a balance that fell before it
// was applied; that notice states no shortfall from the stale snapshot
// (never "must pay -85.81 more").
func TestFallbackNoticeOfAPayableCharge(t *testing.T) {
	tr := tariff()
	tr.Addon.Values[1].DisplayName = "Windows Server 2019"
	actions, _ := planVM(rules(t, pricing.DowngradeNone), tr, service("Free OS", "CentOS-7", "100.00", 1), vm("Windows-Server-2019"))
	c := actions[0].Change
	if c == nil || c.Charge == nil || c.OnInsufficientFunds == nil || c.OnInsufficientFunds.Notification == nil {
		t.Fatalf("actions = %+v", actions)
	}
	want := "account acc-1 cannot pay 14.19 EUR for service svc-1 (Windows Server 2019, 22 of 31 days from 10 May) " +
		"when the charge is applied: the client must add funds to cover it; the add-on stays Free OS until then"
	if got := c.OnInsufficientFunds.Notification.Message; got != want {
		t.Fatalf("message = %q\nwant      %q", got, want)
	}
}
