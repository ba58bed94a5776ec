package lab

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"osaddon/testharness/ledger"
)

// finish reads the final state into the report and checks the
// expectations.
func (l *lab) finish(ctx context.Context) error {
	entries, err := l.ledger.Entries(ctx)
	if err != nil {
		return err
	}
	for _, e := range entries {
		l.report.Ledger = append(l.report.Ledger, LedgerLine{At: e.CreatedAt, Service: e.ServiceID, Kind: e.Kind,
			Amount: string(e.Amount), Currency: e.Currency, Key: e.MoneyKey, What: e.Description})
	}
	notices, err := l.ledger.Notifications(ctx)
	if err != nil {
		return err
	}
	for _, n := range notices {
		l.report.Notifications = append(l.report.Notifications, NoticeLine{At: n.CreatedAt, Kind: n.Kind,
			Audience: n.Audience, Service: n.ServiceID, VM: n.VMID, Message: n.Message, Key: n.Key})
	}
	for _, sv := range l.s.Services {
		svc, err := l.ledger.Service(ctx, sv.ID)
		if err != nil {
			return err
		}
		l.report.Services = append(l.report.Services, ServiceLine{ID: svc.ID, AddonValue: svc.AddonValue, OSTemplate: svc.Params[ledger.OSParam]})
	}
	l.report.Balances = map[string]string{}
	for _, a := range l.s.Accounts {
		acc, err := l.ledger.Account(ctx, a.ID)
		if err != nil {
			return err
		}
		l.report.Balances[a.ID] = string(acc.Balance)
	}
	l.report.Failures = l.check()
	return nil
}

// check compares the final state with the expectations; each failure is
// one readable line.
func (l *lab) check() []string {
	var fails []string
	exp := l.s.Expect
	if exp.Ledger != nil {
		var want, got []string
		for _, e := range exp.Ledger {
			want = append(want, fmt.Sprintf("%s %s %s %s", e.Service, e.Kind, e.Amount, e.Currency))
		}
		for _, e := range l.report.Ledger {
			got = append(got, fmt.Sprintf("%s %s %s %s", e.Service, e.Kind, e.Amount, e.Currency))
		}
		fails = append(fails, diff("ledger", want, got)...)
	}
	if exp.Notifications != nil {
		fails = append(fails, l.checkNotifications()...)
	}
	final := map[string]ServiceLine{}
	for _, s := range l.report.Services {
		final[s.ID] = s
	}
	for _, s := range exp.Services {
		got := final[s.ID]
		if s.AddonValue != "" && got.AddonValue != s.AddonValue {
			fails = append(fails, fmt.Sprintf("service %s: add-on value is %q, want %q", s.ID, got.AddonValue, s.AddonValue))
		}
		if s.OSTemplate != "" && got.OSTemplate != s.OSTemplate {
			fails = append(fails, fmt.Sprintf("service %s: template ("+ledger.OSParam+") is %q, want %q", s.ID, got.OSTemplate, s.OSTemplate))
		}
	}
	for _, id := range sortedKeys(exp.Balances) {
		if got, want := l.report.Balances[id], exp.Balances[id]; !sameAmount(got, want) {
			fails = append(fails, fmt.Sprintf("account %s: balance is %s, want %s", id, got, want))
		}
	}
	return fails
}

// checkNotifications matches each expected notification with a recorded
// one of its kind and, where the expectation names them, its service and
// VM; what is left over on either side is a failure.
func (l *lab) checkNotifications() []string {
	var fails []string
	rest := slices.Clone(l.report.Notifications)
	for _, want := range l.s.Expect.Notifications {
		i := slices.IndexFunc(rest, func(n NoticeLine) bool {
			return n.Kind == want.Kind && (want.Service == "" || n.Service == want.Service) && (want.VM == "" || n.VM == want.VM)
		})
		if i < 0 {
			fails = append(fails, "notifications: missing    "+notice(want.Kind, want.Service, want.VM))
			continue
		}
		rest = slices.Delete(rest, i, i+1)
	}
	for _, n := range rest {
		fails = append(fails, "notifications: unexpected "+notice(n.Kind, n.Service, n.VM))
	}
	return fails
}

func notice(kind, service, vm string) string {
	s := kind
	if service != "" {
		s += " service " + service
	}
	if vm != "" {
		s += " vm " + vm
	}
	return s
}

// diff lists what is missing from got and what got has in excess, or the
// two orders when only the order differs.
func diff(what string, want, got []string) []string {
	if slices.Equal(want, got) {
		return nil
	}
	var out []string
	rest := slices.Clone(got)
	for _, w := range want {
		if i := slices.Index(rest, w); i >= 0 {
			rest = slices.Delete(rest, i, i+1)
			continue
		}
		out = append(out, fmt.Sprintf("%s: missing    %s", what, w))
	}
	for _, g := range rest {
		out = append(out, fmt.Sprintf("%s: unexpected %s", what, g))
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("%s: in the wrong order:\n    got  %s\n    want %s", what, strings.Join(got, "; "), strings.Join(want, "; ")))
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
}

// sameAmount compares two decimal strings by value ("34.68" = "34.680").
func sameAmount(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}
