package lab

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"osaddon/host"
	"osaddon/rpc"
	"osaddon/testharness/calendar"
	"osaddon/testharness/ledger"
	"osaddon/testharness/scenario"
	"osaddon/testharness/vmfake"
)

// setup starts the fake panel, seeds the ledger and launches the module.
func (l *lab) setup(ctx context.Context) error {
	fake, err := vmfake.Start(l.s.Panel.Kind)
	if err != nil {
		return err
	}
	l.fake = fake
	if err := l.seedPanel(); err != nil {
		return err
	}
	if l.ledger, err = ledger.Open(l.opts.DBPath); err != nil {
		return err
	}
	if err := l.seedLedger(ctx); err != nil {
		return err
	}
	configPath, err := l.writeModuleConfig()
	if err != nil {
		return err
	}
	sum, err := host.FileSHA256(l.opts.ModulePath)
	if err != nil {
		return fmt.Errorf("module binary: %w", err)
	}
	h := ledger.NewHost(l.ledger)
	h.OnProgress(l.opts.Progress)
	l.module, err = host.Launch(ctx, host.Options{
		Path: l.opts.ModulePath, SHA256: sum, Mode: l.opts.Mode, ConfigPath: configPath,
		Logger: l.opts.Logger, Host: h, Name: "osaddon-harness", Version: "1",
	})
	if err == nil && l.opts.OnLaunch != nil {
		l.opts.OnLaunch(l.module.Pid())
	}
	return err
}

// seedPanel puts the scenario's templates and VMs into the fake.
func (l *lab) seedPanel() error {
	if len(l.s.Panel.Templates) > 0 {
		for _, t := range vmfake.DefaultTemplates {
			l.fake.RemoveTemplate(l.fake.TemplateName(t))
		}
		for i, t := range l.s.Panel.Templates {
			l.fake.AddTemplate(vmfake.Template{ID: fmt.Sprint(i + 1), Repository: t.Repository, Name: t.Name, State: "active"})
		}
	}
	l.fake.SetIgnorePaging(l.s.Panel.IgnorePaging)
	for _, vm := range l.s.Panel.VMs {
		// The scenario's words are the fake's: running, stopped, installing,
		// and any other state passed on verbatim.
		if _, err := l.fake.AddVM(vmfake.VM{ID: vm.ID, Name: vm.Name, IP: vm.IP, Template: vm.Template, State: vm.State, CPUs: max(vm.CPUs, 1)}); err != nil {
			return err
		}
	}
	if n := l.s.Panel.Generate; n > 0 {
		vms := vmfake.GenerateVMs(n, 1)
		for i := range vms {
			vms[i].ID = strconv.Itoa(generatedFirstID + i)
		}
		if err := l.fake.AddVMs(vms); err != nil {
			return fmt.Errorf("panel.generate: %w", err)
		}
	}
	return nil
}

// generatedFirstID is the id of the first VM panel.generate adds.
const generatedFirstID = 100001

// seedLedger puts the catalog, accounts and services into the ledger. A
// ledger that already holds the scenario (a rerun after a crash, or another
// harness on the same file) is left as it is, so the rerun resumes rather
// than starts over; a lease makes sure only one harness seeds.
func (l *lab) seedLedger(ctx context.Context) error {
	const lease = "seed"
	for {
		got, err := l.acquire(ctx, lease)
		if err != nil {
			return err
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	defer l.ledger.ReleaseLease(context.WithoutCancel(ctx), lease, l.opts.Holder)
	return l.seedOnce(ctx)
}

// seedOnce seeds unless the last service is in the ledger: services are
// seeded last and in order, so its presence means the seeding finished. A
// harness killed while seeding is seeded again from the start, which is
// safe because nothing was synced or charged before seeding ended.
func (l *lab) seedOnce(ctx context.Context) error {
	if n := len(l.s.Services); n > 0 {
		if _, err := l.ledger.Service(ctx, l.s.Services[n-1].ID); err == nil {
			return nil
		}
	}
	for _, t := range l.s.Tariffs {
		if err := l.ledger.PutTariff(ctx, wireTariff(t)); err != nil {
			return err
		}
	}
	for _, a := range l.s.Accounts {
		limit := a.CreditLimit
		if limit == "" {
			limit = "0"
		}
		acc := rpc.Account{ID: a.ID, Currency: a.Currency, Balance: rpc.Amount(a.Balance), CreditLimit: rpc.Amount(limit)}
		if err := l.ledger.PutAccount(ctx, acc); err != nil {
			return err
		}
	}
	cpus := map[string]int{}
	for _, vm := range l.s.Panel.VMs {
		cpus[vm.ID] = max(vm.CPUs, 1)
	}
	for _, sv := range l.s.Services {
		status := sv.Status
		if status == "" {
			status = "active"
		}
		start := sv.PeriodStart.UTC()
		var params map[string]string
		if sv.OSTemplate != "" {
			params = map[string]string{ledger.OSParam: sv.OSTemplate}
		}
		err := l.ledger.PutService(ctx, rpc.Service{
			ID: sv.ID, Account: rpc.Account{ID: sv.Account}, TariffID: sv.Tariff, PeriodMonths: sv.PeriodMonths,
			PeriodStart: start, PeriodEnd: calendar.AddMonths(start, sv.PeriodMonths), AddonValue: sv.AddonValue,
			Params: params, VMID: sv.VM, Connection: l.s.Panel.Connection, Status: status, Revision: 1,
		})
		if err != nil {
			return err
		}
		if n, ok := cpus[sv.VM]; ok && sv.VM != "" {
			if err := l.ledger.SetServiceParam(ctx, sv.ID, "cpus", strconv.Itoa(n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// wireTariff is a scenario's tariff as the core sends it: billing type
// "order" when the scenario leaves it out, and lists never null.
func wireTariff(t rpc.Tariff) rpc.Tariff {
	if t.Addon.BillingType == "" {
		t.Addon.BillingType = "order"
	}
	values := make([]rpc.AddonValue, 0, len(t.Addon.Values))
	for _, v := range t.Addon.Values {
		v.Prices = append([]rpc.Price{}, v.Prices...)
		values = append(values, v)
	}
	t.Addon.Values = values
	return t
}

// moduleConfig is the module's config file as the harness writes it.
type moduleConfig struct {
	Connections []connection `yaml:"connections"`
	Policy      *yaml.Node   `yaml:"policy,omitempty"`
	Mapping     *yaml.Node   `yaml:"mapping,omitempty"`
}

type connection struct {
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind"`
	URL      string `yaml:"url"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	Timeout  string `yaml:"timeout"`
	Retries  int    `yaml:"retries"`
	Backoff  string `yaml:"backoff"`
}

// writeModuleConfig writes the module's config, readable by its owner only
// since it holds the panel's password.
func (l *lab) writeModuleConfig() (string, error) {
	fc := l.fake.Config()
	cfg := moduleConfig{Connections: []connection{{
		Name: l.s.Panel.Connection, Kind: l.s.Panel.Kind, URL: fc.URL, Username: fc.Username, Password: fc.Password,
		Timeout: (2 * time.Second).String(), Retries: 2, Backoff: (5 * time.Millisecond).String(),
	}}}
	if l.s.Module.Policy.Kind != 0 {
		cfg.Policy = &l.s.Module.Policy
	}
	if l.s.Module.Mapping.Kind != 0 {
		cfg.Mapping = &l.s.Module.Mapping
	}
	data, err := yaml.Marshal(cfg)
	if err != nil {
		return "", err
	}
	path := filepath.Join(l.opts.WorkDir, moduleConfigName)
	return path, os.WriteFile(path, data, 0o600)
}

// sortEvents orders events by time, keeping file order for equal times.
func (l *lab) sortEvents() {
	slices.SortStableFunc(l.s.Events, func(a, b scenario.Event) int { return a.At.Compare(b.At) })
}
