package module

import (
	"fmt"

	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/rpc"
)

// This file is the one place where the planner's decisions become wire
// actions: every name the host reads (notice kinds, audiences, policies,
// skip reasons) is a constant of rpc, chosen here.

// Actions turns a plan's decisions into wire actions, in the same order;
// nil stays nil.
func Actions(ds []syncplan.Decision) []rpc.Action {
	if ds == nil {
		return nil
	}
	out := make([]rpc.Action, len(ds))
	for i, d := range ds {
		out[i] = action(d)
	}
	return out
}

func action(d syncplan.Decision) rpc.Action {
	switch d.Type {
	case syncplan.DecideChange:
		return rpc.Action{Type: rpc.ActionChange, Change: wireChange(d.Change)}
	case syncplan.DecideNotice:
		return rpc.Action{Type: rpc.ActionNotification, Notification: wireNotice(d.Notification)}
	case syncplan.DecideOSValues:
		values := make([]rpc.OSValue, len(d.OSValues.Values))
		for i, v := range d.OSValues.Values {
			values[i] = rpc.OSValue{InternalName: v}
		}
		return rpc.Action{Type: rpc.ActionOSValues, OSValues: &rpc.OSValues{
			Key: d.OSValues.Key, Connection: d.OSValues.Connection, Values: values,
		}}
	}
	panic(fmt.Sprintf("module: decision type %d has no wire action", d.Type))
}

func wireChange(c *syncplan.Change) *rpc.Change {
	out := &rpc.Change{
		Key: c.Key, ServiceID: c.ServiceID, Params: c.Params,
		Charge: wireMoney(c.Charge), Refund: wireMoney(c.Refund), DryRun: c.DryRun,
	}
	if c.Addon != nil {
		out.Addon = &rpc.AddonChange{From: c.Addon.From, To: c.Addon.To}
	}
	if f := c.OnInsufficientFunds; f != nil {
		out.OnInsufficientFunds = &rpc.Fallback{Policy: wirePolicy(f.Policy), Notification: wireNotice(f.Notification)}
	}
	return out
}

// wirePolicy names an insufficient-funds policy on the wire.
func wirePolicy(p pricing.InsufficientFunds) string {
	switch p {
	case pricing.FundsNotifyAdmin:
		return rpc.PolicyNotifyAdmin
	case pricing.FundsAllowDebt:
		return rpc.PolicyAllowDebt
	}
	panic(fmt.Sprintf("module: insufficient-funds policy %q has no wire name", p))
}

func wireMoney(m *syncplan.Money) *rpc.Money {
	if m == nil {
		return nil
	}
	e := m.Explain
	return &rpc.Money{
		Key:         m.Key,
		Amount:      rpc.Amount(m.Amount.Decimal()),
		Currency:    m.Amount.Currency.Code(),
		PeriodStart: m.PeriodStart,
		PeriodEnd:   m.PeriodEnd,
		Description: m.Description,
		Explain: &rpc.Explanation{
			Template:      e.Template,
			Value:         e.ToValue,
			MatchedBy:     string(m.MatchedBy),
			OldPrice:      rpc.Amount(e.OldPrice.Exact()),
			NewPrice:      rpc.Amount(e.NewPrice.Exact()),
			PeriodDays:    int(e.TotalDays),
			RemainingDays: int(e.RemainingDays),
			Proration:     string(e.Proration),
			NewPeriodDays: int(e.NewPeriodDays),
			Unrounded:     e.Unrounded,
			Rounding:      e.Rounding,
		},
		ClientNotice: wireNotice(m.ClientNotice),
	}
}

// noticeKinds names each notice kind on the wire.
var noticeKinds = map[syncplan.NoticeKind]string{
	syncplan.NoticeInsufficientFunds:    rpc.NoticeInsufficientFunds,
	syncplan.NoticeUnmappedCommercial:   rpc.NoticeUnmappedCommercial,
	syncplan.NoticeNearMiss:             rpc.NoticeNearMiss,
	syncplan.NoticeOrphanVM:             rpc.NoticeOrphanVM,
	syncplan.NoticeVMMissing:            rpc.NoticeVMMissing,
	syncplan.NoticeVMmanagerUnreachable: rpc.NoticeVMmanagerUnreachable,
	syncplan.NoticePriceMissing:         rpc.NoticePriceMissing,
	syncplan.NoticeVMClaimedTwice:       rpc.NoticeVMClaimedTwice,
	syncplan.NoticeServiceInvalid:       rpc.NoticeServiceInvalid,
	syncplan.NoticeServicesSkipped:      rpc.NoticeServicesSkipped,
	syncplan.NoticeAddonCharged:         rpc.NoticeAddonCharged,
	syncplan.NoticeAddonRefunded:        rpc.NoticeAddonRefunded,
}

func wireNotice(n *syncplan.Notice) *rpc.Notification {
	if n == nil {
		return nil
	}
	kind, ok := noticeKinds[n.Kind]
	if !ok {
		panic(fmt.Sprintf("module: notice kind %q has no wire name", n.Kind))
	}
	audience := rpc.AudienceAdmin
	if n.Audience == syncplan.AudienceClient {
		audience = rpc.AudienceClient
	}
	return &rpc.Notification{
		Key: n.Key, Kind: kind, Audience: audience, ServiceID: n.ServiceID, VMID: n.VMID,
		Connection: n.Connection, Template: n.Template, Value: n.Value, Field: n.Field, Message: n.Message,
	}
}

// skipReasons names each reason for leaving a service alone on the wire.
var skipReasons = map[syncplan.Outcome]string{
	syncplan.SkipInstalling:        rpc.SkipInstalling,
	syncplan.SkipNoTemplate:        rpc.SkipNoTemplate,
	syncplan.SkipServiceInvalid:    rpc.SkipServiceInvalid,
	syncplan.SkipVMClaimedTwice:    rpc.SkipVMClaimedTwice,
	syncplan.SkipVMMissing:         rpc.SkipVMMissing,
	syncplan.SkipNoVM:              rpc.SkipNoVM,
	syncplan.SkipOutsidePeriod:     rpc.SkipOutsidePeriod,
	syncplan.SkipInactive:          rpc.SkipInactive,
	syncplan.SkipDuplicate:         rpc.SkipDuplicate,
	syncplan.SkipListingIncomplete: rpc.SkipListingIncomplete,
}

// SyncSummary turns a plan's summary into the wire's.
func SyncSummary(s syncplan.Summary) rpc.SyncSummary {
	out := rpc.SyncSummary{
		Connection: s.Connection, Complete: s.Complete, VMs: s.VMs, Services: s.Services,
		Changes: s.Changes, Charges: s.Charges, Refunds: s.Refunds, Notifications: s.Notifications,
		Skipped: s.Skipped, Error: s.Error,
	}
	for reason, n := range s.SkippedByReason {
		name, ok := skipReasons[reason]
		if !ok {
			panic(fmt.Sprintf("module: skip reason %q has no wire name", reason))
		}
		out.SkippedByReason.AddN(name, n)
	}
	return out
}
