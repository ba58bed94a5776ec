package syncplan

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/mapping"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// Planner plans one synchronization run of one connection. Feed it the
// tariffs and services (AddTariff, AddService), the templates and then the
// VMs one at a time as they stream (ObserveVM); Finish returns the plan.
// It holds the services indexed by VM id and never the VM listing.
type Planner struct {
	rules     Rules
	tariffs   map[string]catalog.Tariff
	byVM      map[string]*entry
	slab      []entry           // where the entries live, slabSize at a time
	shared    map[string]string // one copy of each repeated string
	accounts  map[string]catalog.Account
	templates []vmmanager.Template
	actions   []rpc.Action
	summary   rpc.SyncSummary
}

// entry is a service waiting for its VM.
type entry struct {
	svc  Service
	seen bool
	// rival is another service that claims the same VM. Which of the two
	// the installed OS belongs to is unknown, so neither is changed.
	rival string
}

// New returns a planner for one run.
func New(r Rules) *Planner {
	return &Planner{
		rules:    r,
		tariffs:  map[string]catalog.Tariff{},
		byVM:     map[string]*entry{},
		shared:   map[string]string{},
		accounts: map[string]catalog.Account{},
		summary:  rpc.SyncSummary{Connection: r.Connection},
	}
}

// AddTariff makes a tariff known; a later one with the same id replaces it.
func (p *Planner) AddTariff(t catalog.Tariff) { p.tariffs[t.ID] = t }

// AddService adds a service of the connection. A service without a VM, or
// a second service claiming a VM already claimed, is counted as skipped.
func (p *Planner) AddService(s Service) {
	p.summary.Services++
	if s.VMID == "" {
		p.summary.Skipped++
		return
	}
	if e := p.byVM[s.VMID]; e != nil {
		p.summary.Skipped++
		if e.svc.ID != s.ID && e.rival == "" {
			e.rival = p.share(s.ID)
		}
		return
	}
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]entry, 0, slabSize)
	}
	p.slab = append(p.slab, entry{svc: p.compact(s)})
	p.byVM[s.VMID] = &p.slab[len(p.slab)-1]
}

// slabSize is how many entries are allocated at once: one allocation per
// entry would cost a header each and scatter them.
const slabSize = 1024

// compact makes s share what services have in common with those added
// before: the strings that repeat (account and tariff ids, add-on values,
// templates, statuses) and its account, when the host sent the same
// account before. Each service arrives with its own copies, and a run of
// 100,000 services would otherwise keep 100,000 of each.
func (p *Planner) compact(s Service) Service {
	for _, str := range []*string{&s.AccountID, &s.TariffID, &s.AddonValue, &s.OSTemplate, (*string)(&s.Status)} {
		*str = p.share(*str)
	}
	if a, ok := p.accounts[s.Account.ID]; ok && a.Currency == s.Account.Currency &&
		sameDecimal(a.Balance, s.Account.Balance) && sameDecimal(a.CreditLimit, s.Account.CreditLimit) {
		s.Account = a
	} else {
		s.Account.ID = p.share(s.Account.ID)
		p.accounts[s.Account.ID] = s.Account
	}
	return s
}

// sameDecimal reports whether a and b are the same number written the same
// way ("10.0" is not "10.00").
func sameDecimal(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) }

func (p *Planner) share(s string) string {
	if shared, ok := p.shared[s]; ok {
		return shared
	}
	p.shared[s] = s
	return s
}

// SkipService counts a service the caller could not read, such as one
// with malformed dates: it is left alone.
func (p *Planner) SkipService() {
	p.summary.Services++
	p.summary.Skipped++
}

// SetTemplates gives the connection's templates: they become the OS value
// list and feed the mapping lint.
func (p *Planner) SetTemplates(ts []vmmanager.Template) { p.templates = ts }

// ObserveVM plans the service of one listed VM, or an orphan notification
// when no service claims it.
func (p *Planner) ObserveVM(vm vmmanager.VM) {
	p.summary.VMs++
	e := p.byVM[vm.ID]
	if e == nil {
		p.notify(rpc.NoticeOrphanVM, "", vm.ID, vm.Template, "",
			fmt.Sprintf("VM %s (%s) on %s belongs to no service", vm.ID, vm.Name, p.rules.Connection))
		return
	}
	if e.seen {
		return // a VM listed twice is planned once
	}
	e.seen = true
	if e.rival != "" {
		p.summary.Skipped++
		p.notify(rpc.NoticeVMClaimedTwice, e.svc.ID, vm.ID, vm.Template, "",
			fmt.Sprintf("VM %s on %s is claimed by services %s and %s; neither is changed until one lets it go",
				vm.ID, p.rules.Connection, e.svc.ID, e.rival))
		return
	}
	t, ok := p.tariffs[e.svc.TariffID]
	if !ok {
		p.summary.Skipped++
		return
	}
	actions, outcome := PlanVM(p.rules, t, e.svc, vm)
	if outcome == Skipped {
		p.summary.Skipped++
	}
	p.actions = append(p.actions, actions...)
}

// Finish returns the plan. listErr is the error of the VM listing (or of
// the template listing): when set, the plan is discarded, since nothing may
// be concluded from a partial listing, and one vmmanager_unreachable
// notification takes its place.
func (p *Planner) Finish(listErr error) ([]rpc.Action, rpc.SyncSummary) {
	sum := p.summary
	if listErr != nil {
		sum.Complete = false
		sum.Error = listErr.Error()
		sum.Skipped = sum.Services
		p.actions = nil
		p.notify(rpc.NoticeVMmanagerUnreachable, "", "", "", unreachableKey(p.rules.Connection, p.rules.AsOf),
			fmt.Sprintf("VMmanager %s could not be listed completely; no service of it was changed: %s", p.rules.Connection, listErr))
		return p.finish(sum)
	}
	sum.Complete = true
	for _, e := range p.byVM {
		if !e.seen {
			s := e.svc
			p.notify(rpc.NoticeVMMissing, s.ID, s.VMID, s.OSTemplate, "",
				fmt.Sprintf("service %s expects VM %s, which %s does not list", s.ID, s.VMID, p.rules.Connection))
		}
	}
	p.lint()
	if len(p.templates) > 0 {
		values := make([]rpc.OSValue, 0, len(p.templates))
		for _, t := range p.templates {
			values = append(values, rpc.OSValue{InternalName: t.Name})
		}
		slices.SortFunc(values, func(a, b rpc.OSValue) int { return cmp.Compare(a.InternalName, b.InternalName) })
		values = slices.CompactFunc(values, func(a, b rpc.OSValue) bool { return a.InternalName == b.InternalName })
		p.actions = append(p.actions, rpc.Action{Type: rpc.ActionOSValues, OSValues: &rpc.OSValues{
			Key: osValuesKey(p.rules.Connection, values), Connection: p.rules.Connection, Values: values,
		}})
	}
	return p.finish(sum)
}

// lint reports templates that each known tariff would give away or nearly
// match.
func (p *Planner) lint() {
	names := make([]string, 0, len(p.templates))
	for _, t := range p.templates {
		names = append(names, t.Name)
	}
	for _, t := range p.tariffs {
		for _, f := range p.rules.Mapper.Lint(t.Addon, names) {
			var kind string
			switch f.Kind {
			case mapping.KindCommercialDefault:
				kind = rpc.NoticeUnmappedCommercial
			case mapping.KindNearMiss:
				kind = rpc.NoticeNearMiss
			default:
				continue
			}
			key := dailyNoticeKey(kind, p.rules.Connection, p.rules.AsOf, t.ID, f.Template, f.Value)
			n := p.notify(kind, "", "", f.Template, key, fmt.Sprintf("tariff %s: %s", t.ID, f.Message))
			n.Value = f.Value
		}
	}
}

// notify plans an admin notification; an empty key becomes a daily key.
func (p *Planner) notify(kind, serviceID, vmID, template, key, message string) *rpc.Notification {
	if key == "" {
		key = dailyNoticeKey(kind, p.rules.Connection, p.rules.AsOf, serviceID, vmID)
	}
	n := &rpc.Notification{
		Key: key, Kind: kind, Audience: rpc.AudienceAdmin, ServiceID: serviceID, VMID: vmID,
		Connection: p.rules.Connection, Template: template, Message: message,
	}
	p.actions = append(p.actions, rpc.Action{Type: rpc.ActionNotification, Notification: n})
	return n
}

// typeOrder sorts changes first, then notifications, then the OS values.
var typeOrder = map[rpc.ActionType]int{rpc.ActionChange: 0, rpc.ActionNotification: 1, rpc.ActionOSValues: 2}

// finish sorts the actions, drops repeated keys and counts.
func (p *Planner) finish(sum rpc.SyncSummary) ([]rpc.Action, rpc.SyncSummary) {
	actions := p.actions
	Sort(actions)
	actions = slices.CompactFunc(actions, func(a, b rpc.Action) bool { return a.Type == b.Type && a.Key() == b.Key() })
	for _, a := range actions {
		switch {
		case a.Change != nil:
			sum.Changes++
			if a.Change.Charge != nil {
				sum.Charges++
			}
			if a.Change.Refund != nil {
				sum.Refunds++
			}
		case a.Notification != nil:
			sum.Notifications++
		}
	}
	if actions == nil {
		actions = []rpc.Action{}
	}
	return actions, sum
}

// Sort puts actions in the plan's stable order: by type, then key.
func Sort(actions []rpc.Action) {
	slices.SortStableFunc(actions, func(a, b rpc.Action) int {
		return cmp.Or(cmp.Compare(typeOrder[a.Type], typeOrder[b.Type]), cmp.Compare(a.Key(), b.Key()))
	})
}
