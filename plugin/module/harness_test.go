package module_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/shopspring/decimal"

	"osaddon/host"
	"osaddon/internal/inproc"
	"osaddon/plugin/config"
	"osaddon/plugin/mapping"
	"osaddon/plugin/module"
	"osaddon/plugin/pricing"
	"osaddon/plugin/serve"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// billing is a fake billing core: it serves billing/services pages from a
// slice, records $/progress and applies actions exactly once per key, as
// the contract asks.
type billing struct {
	mu        sync.Mutex
	services  []rpc.Service
	tariffs   []rpc.Tariff
	progress  []rpc.ProgressParams
	applied   map[string]bool // change and notification keys
	money     map[string]bool // money keys taken
	notices   []rpc.Notification
	ledger    []rpc.Money
	pageCalls int
}

func newBilling(tariffs ...rpc.Tariff) *billing {
	return &billing{tariffs: tariffs, applied: map[string]bool{}, money: map[string]bool{}}
}

// Services implements rpc.Host.
func (b *billing) Services(_ context.Context, p *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pageCalls++
	start := 0
	if p.Cursor != "" {
		start = int(decimal.RequireFromString(p.Cursor).IntPart())
	}
	res := &rpc.ServicesResult{Services: []rpc.Service{}, Tariffs: b.tariffs}
	for i := start; i < len(b.services) && len(res.Services) < p.Limit; i++ {
		if b.services[i].Connection == p.Connection {
			res.Services = append(res.Services, b.services[i])
		}
		if len(res.Services) == p.Limit && i+1 < len(b.services) {
			res.NextCursor = decimal.NewFromInt(int64(i + 1)).String()
		}
	}
	return res, nil
}

// Progress implements rpc.Host.
func (b *billing) Progress(_ context.Context, p *rpc.ProgressParams) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.progress = append(b.progress, *p)
}

// progressCount counts the $/progress notifications received.
func (b *billing) progressCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.progress)
}

func (b *billing) service(id string) *rpc.Service {
	for i := range b.services {
		if b.services[i].ID == id {
			return &b.services[i]
		}
	}
	return nil
}

// apply applies actions as a careful billing core does.
func (b *billing) apply(t *testing.T, actions []rpc.Action) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range actions {
		switch {
		case a.Notification != nil:
			b.notify(*a.Notification)
		case a.Change != nil:
			b.change(t, *a.Change)
		}
	}
}

func (b *billing) notify(n rpc.Notification) {
	if !b.applied[n.Key] {
		b.applied[n.Key] = true
		b.notices = append(b.notices, n)
	}
}

func (b *billing) change(t *testing.T, c rpc.Change) {
	t.Helper()
	s := b.service(c.ServiceID)
	if c.DryRun || b.applied[c.Key] || s == nil || (c.Addon != nil && c.Addon.From != s.AddonValue) {
		return
	}
	bal := decimal.RequireFromString(string(s.Account.Balance))
	if c.Charge != nil && !b.money[c.Charge.Key] {
		amount := decimal.RequireFromString(string(c.Charge.Amount))
		if bal.Add(decimal.RequireFromString(string(s.Account.CreditLimit))).LessThan(amount) && c.OnInsufficientFunds.Policy == "notify_admin" {
			b.notify(*c.OnInsufficientFunds.Notification)
			return // the key is not recorded: the next run retries
		}
		bal = bal.Sub(amount)
		b.money[c.Charge.Key] = true
		b.ledger = append(b.ledger, *c.Charge)
	}
	if c.Refund != nil && !b.money[c.Refund.Key] {
		bal = bal.Add(decimal.RequireFromString(string(c.Refund.Amount)))
		b.money[c.Refund.Key] = true
		r := *c.Refund
		r.Amount = "-" + r.Amount
		b.ledger = append(b.ledger, r)
	}
	s.Account.Balance = rpc.Amount(bal.StringFixed(2))
	if c.Addon != nil {
		s.AddonValue = c.Addon.To
	}
	if v, ok := c.Params[rpc.DefaultOSParam]; ok {
		setOS(s, v)
	}
	if v, ok := c.Params["vm_id"]; ok {
		s.VMID = v
	}
	s.Revision++
	b.applied[c.Key] = true
}

// inProcess serves the module on an io.Pipe and returns the host's client,
// initialized.
func inProcess(t *testing.T, cfg *config.Config, h rpc.Host) *host.Client {
	t.Helper()
	return connect(t, cfg, h, hclog.NewNullLogger())
}

// connect serves the module with log on an io.Pipe, connects h as the host
// and initializes.
func connect(t *testing.T, cfg *config.Config, h rpc.Host, log hclog.Logger) *host.Client {
	t.Helper()
	c, err := connectAs(t, cfg, h, log, &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion, Host: rpc.Peer{Name: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// connectAs serves the module with log on an io.Pipe, connects h as the
// host and initializes with init; the error is initialize's.
func connectAs(t *testing.T, cfg *config.Config, h rpc.Host, log hclog.Logger, init *rpc.InitializeParams) (*host.Client, error) {
	t.Helper()
	rwc := inproc.Serve(t, func(h rpc.Host) rpc.Module {
		return module.New(cfg, h, log)
	}, serve.Options{Logger: log})
	c := host.Connect(context.Background(), rwc, host.Options{Host: h})
	t.Cleanup(func() { c.Close() })
	_, err := c.Initialize(context.Background(), init)
	return c, err
}

// Fixtures: a one-month tariff with a free default and Windows at 20.00
// EUR; the paid period is May 2024 (31 days).
var (
	periodStart = time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	periodEnd   = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	may10       = time.Date(2024, 5, 10, 12, 30, 0, 0, time.UTC) // 22 days left
	may20       = time.Date(2024, 5, 20, 8, 30, 0, 0, time.UTC)  // 12 days left
)

func tariffFor(f *vmfake.Fake) rpc.Tariff {
	eur := func(a rpc.Amount) []rpc.Price { return []rpc.Price{{Months: 1, Currency: "EUR", Amount: a}} }
	return rpc.Tariff{ID: "vps-1", Periods: []int{1}, Addon: rpc.Addon{
		InternalName: "ostempl", BillingType: "order", Default: "Free OS",
		Values: []rpc.AddonValue{
			{InternalName: "Free OS", Prices: eur("0")},
			{InternalName: windows(f), Prices: eur("20.00")},
		},
	}}
}

func linux(f *vmfake.Fake) string   { return f.TemplateName(vmfake.DefaultTemplates[0]) }
func windows(f *vmfake.Fake) string { return f.TemplateName(vmfake.DefaultTemplates[1]) }

func serviceFor(f *vmfake.Fake, id, vmID, balance string) rpc.Service {
	return rpc.Service{
		ID: id, Account: rpc.Account{ID: "acc-" + id, Currency: "EUR", Balance: rpc.Amount(balance), CreditLimit: "0"},
		TariffID: "vps-1", PeriodMonths: 1, PeriodStart: periodStart, PeriodEnd: periodEnd,
		AddonValue: "Free OS", Params: map[string]string{rpc.DefaultOSParam: linux(f)}, VMID: vmID, Connection: f.Config().Name,
		Status: "active", Revision: 1,
	}
}

func configFor(downgrade pricing.Downgrade, fakes ...*vmfake.Fake) *config.Config {
	cfg := &config.Config{Policy: pricing.DefaultPolicy(), Mapping: mapping.DefaultConfig()}
	cfg.Policy.Downgrade = downgrade
	for _, f := range fakes {
		cfg.Connections = append(cfg.Connections, f.Config())
	}
	return cfg
}

var kinds = []string{vmmanager.KindV5, vmmanager.KindV6}

func newFake(t *testing.T, kind string) *vmfake.Fake {
	if kind == vmmanager.KindV5 {
		return vmfake.NewV5(t)
	}
	return vmfake.NewV6(t)
}

// addVM puts a running VM with the template on the fake.
func addVM(t *testing.T, f *vmfake.Fake, template string) string {
	t.Helper()
	id, err := f.AddVM(vmfake.VM{Name: "vps", IP: "10.0.0.9", Template: template, CPUs: 2, RAMMiB: 1024, DiskMiB: 10240})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func runSync(t *testing.T, c *host.Client, f *vmfake.Fake, runID string, at time.Time, dryRun bool) *rpc.SyncServerResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := c.SyncServer(ctx, &rpc.SyncServerParams{Connection: f.Config().Name, RunID: runID, AsOf: at, DryRun: dryRun, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func changes(actions []rpc.Action) []rpc.Change {
	var out []rpc.Change
	for _, a := range actions {
		if a.Change != nil {
			out = append(out, *a.Change)
		}
	}
	return out
}

func notices(actions []rpc.Action, kind string) []rpc.Notification {
	var out []rpc.Notification
	for _, a := range actions {
		if a.Notification != nil && a.Notification.Kind == kind {
			out = append(out, *a.Notification)
		}
	}
	return out
}

// osOf is the service's "Operating system" parameter, as protocol 2
// carries it.
func osOf(s rpc.Service) string { return s.Params[rpc.DefaultOSParam] }

// setOS sets the service's "Operating system" parameter.
func setOS(s *rpc.Service, template string) {
	s.Params = maps.Clone(s.Params)
	if s.Params == nil {
		s.Params = map[string]string{}
	}
	s.Params[rpc.DefaultOSParam] = template
}
