package syncplan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/keys"
	"osaddon/plugin/mapping"
	"osaddon/plugin/vmmanager"
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
	actions   []Decision
	summary   Summary
	// skips are the services left alone, each once, with the reason.
	skips []skip
	// invalid are the service_invalid notifications. They come from the
	// host's data alone, so they stand even when the listing fails.
	invalid []Decision
}

// entry is a service waiting for its VM.
type entry struct {
	svc  Service
	seen bool
	// invalid marks a service that could not be read: it only claims its
	// VM, so that the VM is no orphan.
	invalid bool
	// rival is another service that claims the same VM. Which of the two
	// the installed OS belongs to is unknown, so neither is changed.
	rival string
}

// skip is a service left alone.
type skip struct {
	serviceID, vmID string
	reason          Outcome
	// early marks a reason found in the host's data alone, before the
	// listing; it stands even when the listing fails.
	early bool
}

// New returns a planner for one run.
func New(r Rules) *Planner {
	return &Planner{
		rules:    r,
		tariffs:  map[string]catalog.Tariff{},
		byVM:     map[string]*entry{},
		shared:   map[string]string{},
		accounts: map[string]catalog.Account{},
		summary:  Summary{Connection: r.Connection},
	}
}

// AddTariff makes a tariff known; a later one with the same id replaces it.
func (p *Planner) AddTariff(t catalog.Tariff) { p.tariffs[t.ID] = t }

// HasTariff reports whether a tariff of that id is known.
func (p *Planner) HasTariff(id string) bool {
	_, ok := p.tariffs[id]
	return ok
}

// AddService adds a service of the connection. A service without a VM,
// a service sent twice, or a second service claiming a VM already claimed
// is left alone.
func (p *Planner) AddService(s Service) {
	p.summary.Services++
	if s.VMID == "" {
		reason := SkipInactive
		if s.Status == catalog.StatusActive || s.Status == catalog.StatusSuspended {
			reason = SkipNoVM
		}
		p.skip(s.ID, "", reason, true)
		return
	}
	if e := p.byVM[s.VMID]; e != nil {
		p.rivalFor(e, s.ID)
		return
	}
	p.claim(entry{svc: p.compact(s)})
}

// Invalid is a service the caller could not read. It is left alone, its
// VM stays claimed and a service_invalid notification names the field.
type Invalid struct {
	// ServiceID and VMID are the service's ids, when they could be read.
	ServiceID, VMID string
	// Page is the billing/services page that carried it, from 0; -1 when
	// not known.
	Page int
	// Field is the wire path of the field at fault in that page, such as
	// "services[3].account.balance"; Message says what is wrong with it.
	Field, Message string
}

// AddInvalid adds a service that could not be read.
func (p *Planner) AddInvalid(inv Invalid) {
	p.summary.Services++
	p.skip(inv.ServiceID, inv.VMID, SkipServiceInvalid, true)
	p.invalid = append(p.invalid, p.invalidNotice(inv))
	if inv.VMID == "" {
		return
	}
	if e := p.byVM[inv.VMID]; e != nil {
		if e.svc.ID != inv.ServiceID && e.rival == "" {
			e.rival = p.share(inv.ServiceID)
		}
		return
	}
	s := Service{Service: catalog.Service{ID: p.share(inv.ServiceID), VMID: inv.VMID}}
	p.claim(entry{svc: s, invalid: true})
}

// invalidNotice builds the service_invalid notification, keyed per
// service (or its place, when its id cannot be read) and day.
func (p *Planner) invalidNotice(inv Invalid) Decision {
	who, subject, where := "service "+inv.ServiceID, inv.ServiceID, ""
	if inv.Page >= 0 {
		where = fmt.Sprintf("billing/services page %d: ", inv.Page)
	}
	if inv.ServiceID == "" {
		who = "a service without a readable id"
		subject = fmt.Sprintf("page %d %s", inv.Page, inv.Field)
	}
	return Decision{Type: DecideNotice, Notification: &Notice{
		Key:  string(keys.Daily(string(NoticeServiceInvalid), p.rules.Connection, p.rules.AsOf, subject)),
		Kind: NoticeServiceInvalid, Audience: AudienceAdmin, ServiceID: inv.ServiceID, VMID: inv.VMID,
		Connection: p.rules.Connection, Field: inv.Field,
		Message: fmt.Sprintf("%s on %s is left alone until the billing core sends it correctly: %s%s: %s",
			who, p.rules.Connection, where, inv.Field, inv.Message),
	}}
}

// rivalFor records that id also claims e's VM: the same service sent
// twice is planned once, two services are both left alone.
func (p *Planner) rivalFor(e *entry, id string) {
	if e.svc.ID == id {
		p.skip(id, e.svc.VMID, SkipDuplicate, true)
		return
	}
	p.skip(id, e.svc.VMID, SkipVMClaimedTwice, true)
	if e.rival == "" {
		e.rival = p.share(id)
	}
}

// claim indexes an entry by its VM.
func (p *Planner) claim(e entry) {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]entry, 0, slabSize)
	}
	p.slab = append(p.slab, e)
	p.byVM[e.svc.VMID] = &p.slab[len(p.slab)-1]
}

// skip records a service left alone.
func (p *Planner) skip(serviceID, vmID string, reason Outcome, early bool) {
	p.skips = append(p.skips, skip{serviceID: serviceID, vmID: vmID, reason: reason, early: early})
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

// SetTemplates gives the connection's templates: they become the OS value
// list and feed the mapping lint.
func (p *Planner) SetTemplates(ts []vmmanager.Template) { p.templates = ts }

// ObserveVM plans the service of one listed VM, or an orphan notification
// when no service claims it.
func (p *Planner) ObserveVM(vm vmmanager.VM) {
	p.summary.VMs++
	e := p.byVM[vm.ID]
	if e == nil {
		p.notify(NoticeOrphanVM, "", vm.ID, vm.Template, "",
			fmt.Sprintf("VM %s (%s) on %s belongs to no service", vm.ID, vm.Name, p.rules.Connection))
		return
	}
	if e.seen {
		return // a VM listed twice is planned once
	}
	e.seen = true
	if e.rival != "" {
		p.notify(NoticeVMClaimedTwice, e.svc.ID, vm.ID, vm.Template, "",
			fmt.Sprintf("VM %s on %s is claimed by services %s and %s; neither is changed until one lets it go",
				vm.ID, p.rules.Connection, e.svc.ID, e.rival))
		return
	}
	if e.invalid {
		return
	}
	t, ok := p.tariffs[e.svc.TariffID]
	if !ok {
		p.unknownTariff(e)
		return
	}
	actions, outcome := PlanVM(p.rules, t, e.svc, vm)
	if outcome.Skipped() {
		p.skip(e.svc.ID, vm.ID, outcome, false)
	}
	p.actions = append(p.actions, actions...)
}

// unknownTariff makes e invalid: its tariff was never sent.
func (p *Planner) unknownTariff(e *entry) {
	e.invalid = true
	p.skip(e.svc.ID, e.svc.VMID, SkipServiceInvalid, true)
	p.invalid = append(p.invalid, p.invalidNotice(Invalid{ServiceID: e.svc.ID, VMID: e.svc.VMID, Page: -1, Field: "tariff_id",
		Message: fmt.Sprintf("tariff %q was not sent", e.svc.TariffID)}))
}

// Finish returns the plan. listErr is the error of the VM listing (or of
// the template listing): when set, the plan is discarded, since nothing may
// be concluded from a partial listing, and one vmmanager_unreachable
// notification takes its place.
func (p *Planner) Finish(listErr error) ([]Decision, Summary) {
	sum := p.summary
	sum.SkippedByReason = map[Outcome]int{}
	for _, e := range p.byVM { // what the host's data alone says
		switch {
		case e.invalid:
		case e.rival != "":
			p.skip(e.svc.ID, e.svc.VMID, SkipVMClaimedTwice, true)
		case !e.seen && !p.HasTariff(e.svc.TariffID):
			p.unknownTariff(e)
		}
	}
	if listErr != nil {
		sum.Complete = false
		sum.Error = listErr.Error()
		p.skips = slices.DeleteFunc(p.skips, func(s skip) bool { return !s.early })
		p.actions = nil
		p.notify(NoticeVMmanagerUnreachable, "", "", "", string(keys.WindowNotice(string(NoticeVMmanagerUnreachable), p.rules.Connection, p.rules.AsOf)),
			fmt.Sprintf("VMmanager %s could not be listed completely; no service of it was changed: %s", p.rules.Connection, listErr))
		sum.SkippedByReason[SkipListingIncomplete] = sum.Services - len(p.skips)
		return p.finish(sum)
	}
	sum.Complete = true
	for _, e := range p.byVM {
		if !e.seen && !e.invalid {
			s := e.svc
			p.notify(NoticeVMMissing, s.ID, s.VMID, s.OSTemplate, "",
				fmt.Sprintf("service %s expects VM %s, which %s does not list", s.ID, s.VMID, p.rules.Connection))
			if e.rival == "" {
				p.skip(s.ID, s.VMID, SkipVMMissing, false)
			}
		}
	}
	p.lint()
	if len(p.templates) > 0 {
		values := make([]string, 0, len(p.templates))
		for _, t := range p.templates {
			values = append(values, t.Name)
		}
		slices.Sort(values)
		values = slices.Compact(values)
		list := make([]keys.Template, len(values))
		for i, v := range values {
			list[i] = keys.Template{InternalName: v}
		}
		p.actions = append(p.actions, Decision{Type: DecideOSValues, OSValues: &OSValues{
			Key: string(keys.OSValues(p.rules.Connection, list)), Connection: p.rules.Connection, Values: values,
		}})
	}
	return p.finish(sum)
}

// lint reports templates that the known tariffs would give away, once
// per template and calendar month (see keys.Monthly), and values that
// nearly match a template, daily.
func (p *Planner) lint() {
	names := make([]string, 0, len(p.templates))
	for _, t := range p.templates {
		names = append(names, t.Name)
	}
	type finding struct {
		tariff string
		mapping.Finding
	}
	givenAway := map[string][]finding{} // by template
	for _, id := range slices.Sorted(maps.Keys(p.tariffs)) {
		for _, f := range p.rules.Mapper.Lint(p.tariffs[id].Addon, names) {
			switch f.Kind {
			case mapping.KindCommercialDefault:
				givenAway[f.Template] = append(givenAway[f.Template], finding{id, f})
			case mapping.KindNearMiss:
				key := string(keys.Daily(string(NoticeNearMiss), p.rules.Connection, p.rules.AsOf, id, f.Template, f.Value))
				n := p.notify(NoticeNearMiss, "", "", f.Template, key, fmt.Sprintf("tariff %s: %s", id, f.Message))
				n.Value = f.Value
			}
		}
	}
	for template, findings := range givenAway {
		tariffs := make([]string, 0, len(findings))
		for _, f := range findings {
			tariffs = append(tariffs, f.tariff)
		}
		key := string(keys.Monthly(string(NoticeUnmappedCommercial), p.rules.Connection, template, p.rules.AsOf))
		n := p.notify(NoticeUnmappedCommercial, "", "", template, key,
			fmt.Sprintf("tariff %s: %s", strings.Join(tariffs, ", "), findings[0].Message))
		n.Value = findings[0].Value
	}
}

// notify plans an admin notification; an empty key becomes a daily key.
func (p *Planner) notify(kind NoticeKind, serviceID, vmID, template, key, message string) *Notice {
	if key == "" {
		key = string(keys.Daily(string(kind), p.rules.Connection, p.rules.AsOf, serviceID, vmID))
	}
	n := &Notice{
		Key: key, Kind: kind, Audience: AudienceAdmin, ServiceID: serviceID, VMID: vmID,
		Connection: p.rules.Connection, Template: template, Message: message,
	}
	p.actions = append(p.actions, Decision{Type: DecideNotice, Notification: n})
	return n
}

// typeOrder sorts changes first, then notifications, then the OS values.

// finish adds what is said about the services left alone, sorts the
// actions, drops repeated keys and counts.
func (p *Planner) finish(sum Summary) ([]Decision, Summary) {
	sum.Skipped = len(p.skips) + sum.SkippedByReason[SkipListingIncomplete]
	for _, s := range p.skips {
		sum.SkippedByReason[s.reason]++
	}
	p.actions = append(p.actions, p.invalid...)
	p.listSkipped()
	actions := p.actions
	Sort(actions)
	actions = slices.CompactFunc(actions, func(a, b Decision) bool { return a.Type == b.Type && a.Key() == b.Key() })
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
		actions = []Decision{}
	}
	return actions, sum
}

// Sort puts actions in the plan's stable order: by type, then key.
func Sort(actions []Decision) {
	slices.SortStableFunc(actions, func(a, b Decision) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Key(), b.Key()))
	})
}
