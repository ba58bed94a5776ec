package module

import (
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/rpc"
)

func TestEveryDecisionNameHasAWireName(t *testing.T) {
	for _, kind := range syncplan.NoticeKinds {
		if _, ok := noticeKinds[kind]; !ok {
			t.Errorf("notice kind %q has no wire name", kind)
		}
	}
	for _, reason := range syncplan.SkipReasons {
		var counts rpc.SkipCounts
		if name, ok := skipReasons[reason]; !ok || !counts.Add(name) {
			t.Errorf("skip reason %q has no wire name", reason)
		}
	}
	for policy, want := range map[pricing.InsufficientFunds]string{
		pricing.FundsNotifyAdmin: rpc.PolicyNotifyAdmin, pricing.FundsAllowDebt: rpc.PolicyAllowDebt,
	} {
		if got := wirePolicy(policy); got != want {
			t.Errorf("policy %q is %q on the wire, want %q", policy, got, want)
		}
	}
}
