package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"osaddon/host"
	"osaddon/plugin/module"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/ledger"
	"osaddon/testharness/vmfake"
	"osaddon/xml"
)

// The sync fixture. Every VM has a service on tariff vps, spread over
// accountsInSync accounts with plenty of money. A service's add-on and
// os_template match what its VM runs, except every pendingEvery-th one
// running Windows: its record still says free Linux, so the run charges it
// (1% of all services). About 1% of the VMs are installing (skipped) and the
// CentOS ones map to the default value.
const (
	syncConnection = "vm5"
	accountsInSync = 1000
	pendingEvery   = 100 // of all services: 1% have a pending Windows charge
	windowsPrice   = "30.00"
)

var (
	syncPeriodStart = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	syncAsOf        = time.Date(2026, 3, 5, 12, 30, 0, 0, time.UTC)
)

// syncFigures are one size's measurements.
type syncFigures struct {
	vms      int
	wall     time.Duration // syncserver call plus ApplyRun
	call     time.Duration // the syncserver call alone
	apply    time.Duration
	floor    time.Duration // decode the XML once plus the service pages once
	xmlMB    float64
	pagesMB  float64
	rssKB    int64 // module's VmHWM
	charges  int
	actions  int
	complete bool
}

func (f *syncFigures) rows(t *table, ref *syncFigures) {
	name := fmt.Sprintf("sync %dk VMs, 1%% pending charges", f.vms/1000)
	r := ratio(f.wall, f.floor)
	t.add(name+" / floor", secs(f.wall), fmt.Sprintf("%s floor (%.0f MB XML + %.0f MB pages)", secs(f.floor), f.xmlMB, f.pagesMB),
		fmt.Sprintf("%.2f", r), "<= 3", ptr(r <= 3 && f.complete))
	t.add("  of which syncserver call", secs(f.call), secs(f.wall)+" wall", fmt.Sprintf("%.2f", ratio(f.call, f.wall)), "", nil)
	t.add(fmt.Sprintf("  of which ApplyRun (%d actions, %d charges)", f.actions, f.charges), secs(f.apply), secs(f.wall)+" wall",
		fmt.Sprintf("%.2f", ratio(f.apply, f.wall)), "", nil)
	mb := float64(f.rssKB) / 1024
	if ref == nil {
		t.add(fmt.Sprintf("  module peak RSS, %dk VMs", f.vms/1000), fmt.Sprintf("%.1f MB", mb), "", "", "<= 100 MB", ptr(mb <= 100))
		return
	}
	refMB := float64(ref.rssKB) / 1024
	t.add(fmt.Sprintf("  module peak RSS, %dk VMs", f.vms/1000), fmt.Sprintf("%.1f MB", mb), fmt.Sprintf("%.1f MB at %dk", refMB, ref.vms/1000),
		fmt.Sprintf("%.2f", mb/refMB), "", nil)
	scale := float64(f.vms) / float64(ref.vms)
	growth := ratio(f.wall, ref.wall)
	t.add(fmt.Sprintf("sync %dk / %dk wall (linear = %.0f)", f.vms/1000, ref.vms/1000, scale), secs(f.wall), secs(ref.wall),
		fmt.Sprintf("%.2f", growth), fmt.Sprintf("<= %.0f x 1.25", scale), ptr(growth <= scale*1.25))
	fr := ratio(f.wall, f.floor) / ratio(ref.wall, ref.floor)
	t.add(fmt.Sprintf("sync/floor at %dk over at %dk", f.vms/1000, ref.vms/1000), fmt.Sprintf("%.2f", ratio(f.wall, f.floor)),
		fmt.Sprintf("%.2f", ratio(ref.wall, ref.floor)), fmt.Sprintf("%.2f", fr), "", nil)
}

// measureSync runs one sync of n VMs end to end and its floor. With
// cpuProfile set the module runs in this process instead, under a CPU
// profile written to cpuProfile.<n>, and the RSS is this process's.
func measureSync(modulePath string, n int, cpuProfile string) (*syncFigures, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "osaddon-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "sync %d: seeding the panel and the ledger\n", n)

	fake, err := vmfake.Start(vmmanager.KindV5)
	if err != nil {
		return nil, err
	}
	defer fake.Close()
	vms := vmfake.GenerateVMs(n, 1)
	if err := fake.AddVMs(vms); err != nil {
		return nil, err
	}
	l, err := ledger.Open(filepath.Join(dir, "ledger.db"))
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if err := l.PutTariff(ctx, syncTariff(fake)); err != nil {
		return nil, err
	}
	if err := l.SeedBulk(ctx, syncAccounts(), syncServices(fake, vms)); err != nil {
		return nil, err
	}
	vms = nil
	config, err := writeSyncConfig(dir, fake)
	if err != nil {
		return nil, err
	}

	fmt.Fprintf(os.Stderr, "sync %d: floor\n", n)
	doc, err := fetchVMList(fake)
	if err != nil {
		return nil, err
	}
	pages, err := servicePages(ctx, l)
	if err != nil {
		return nil, err
	}
	f := &syncFigures{vms: n, xmlMB: float64(len(doc)) / 1e6}
	for _, p := range pages {
		f.pagesMB += float64(len(p)) / 1e6
	}
	floorBefore, err := minFloor(doc, pages, n, 3)
	if err != nil {
		return nil, err
	}

	fmt.Fprintf(os.Stderr, "sync %d: run\n", n)
	sum, err := moduleSum(modulePath)
	if err != nil {
		return nil, err
	}
	opts := host.Options{Path: modulePath, SHA256: sum, Mode: host.ModeGoPlugin, ConfigPath: config,
		Host: ledger.NewHost(l), Name: "osaddon-bench", Version: "1", MaxMessageBytes: 1 << 30, StartTimeout: time.Minute}
	var c *host.Client
	stopModule := func() error { return c.Close() }
	if cpuProfile != "" {
		var stop func()
		if c, stop, err = inProcess(ctx, config, opts); err != nil {
			return nil, err
		}
		stopModule = func() error { stop(); return nil }
		stopProfile, err := startProfile(fmt.Sprintf("%s.%d", cpuProfile, n))
		if err != nil {
			return nil, err
		}
		defer stopProfile()
	} else {
		if c, err = host.Launch(ctx, opts); err != nil {
			return nil, err
		}
		defer c.Kill()
	}
	runID := "bench-" + strconv.Itoa(n)
	if err := l.StartRun(ctx, runID, syncConnection, syncAsOf, false); err != nil {
		return nil, err
	}
	t0 := time.Now()
	res, err := c.SyncServer(ctx, &rpc.SyncServerParams{Connection: syncConnection, RunID: runID, AsOf: syncAsOf})
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	report, err := l.ApplyRun(ctx, runID, res.Actions, syncAsOf)
	if err != nil {
		return nil, err
	}
	t2 := time.Now()
	f.call, f.apply, f.wall = t1.Sub(t0), t2.Sub(t1), t2.Sub(t0)
	pid := c.Pid()
	if pid == 0 {
		pid = os.Getpid()
	}
	if f.rssKB, err = peakRSS(pid); err != nil {
		return nil, err
	}
	if err := stopModule(); err != nil {
		return nil, err
	}
	f.complete = res.Summary.Complete && report.Count(ledger.Applied) >= res.Summary.Charges
	f.charges, f.actions = res.Summary.Charges, len(res.Actions)
	if want := n / pendingEvery; res.Summary.Charges < want*9/10 || res.Summary.Charges > want {
		return nil, fmt.Errorf("planned %d charges, want about %d: %+v", res.Summary.Charges, want, res.Summary)
	}

	floorAfter, err := minFloor(doc, pages, n, 2)
	if err != nil {
		return nil, err
	}
	f.floor = min(floorBefore, floorAfter)
	return f, nil
}

// minFloor is the fastest of runs floors: the one least disturbed by
// whatever else the machine runs.
func minFloor(doc []byte, pages [][]byte, n, runs int) (time.Duration, error) {
	best := time.Duration(1<<63 - 1)
	for range runs {
		d, err := floor(doc, pages, n)
		if err != nil {
			return 0, err
		}
		best = min(best, d)
	}
	return best, nil
}

func syncTariff(fake *vmfake.Fake) rpc.Tariff {
	price := func(amount string) []rpc.Price {
		return []rpc.Price{{Months: 1, Currency: "EUR", Amount: rpc.Amount(amount)}}
	}
	values := []rpc.AddonValue{{InternalName: "free-os", Name: "Free OS", Prices: price("0.00")}}
	for _, t := range vmfake.DefaultTemplates {
		if isWindows(t.Name) {
			values = append(values, rpc.AddonValue{InternalName: fake.TemplateName(t), Name: t.Name, Prices: price(windowsPrice)})
		}
	}
	return rpc.Tariff{ID: "vps", Name: "VPS", Periods: []int{1}, Addon: rpc.Addon{
		InternalName: "ostempl", BillingType: "order", Default: "free-os", Values: values}}
}

func isWindows(template string) bool { return strings.Contains(template, "Windows") }

func syncAccounts() []rpc.Account {
	out := make([]rpc.Account, accountsInSync)
	for i := range out {
		out[i] = rpc.Account{ID: "acc-" + strconv.Itoa(i), Currency: "EUR", Balance: "1000000.00", CreditLimit: "0"}
	}
	return out
}

// syncServices gives every VM a service; see the fixture's comment.
func syncServices(fake *vmfake.Fake, vms []vmfake.VM) []rpc.Service {
	names := map[string]string{}
	for _, t := range vmfake.DefaultTemplates {
		names[t.Name] = fake.TemplateName(t)
	}
	out := make([]rpc.Service, len(vms))
	pending := 0
	for i, vm := range vms {
		template := names[vm.Template]
		addon := "free-os"
		if isWindows(template) {
			addon = template
			if pending < (i+1)/pendingEvery && vm.State != vmfake.StateInstalling {
				addon, template = "free-os", names[vmfake.DefaultTemplates[0].Name]
				pending++
			}
		}
		out[i] = rpc.Service{ID: "svc-" + vm.ID, Account: rpc.Account{ID: "acc-" + strconv.Itoa(i%accountsInSync)},
			TariffID: "vps", PeriodMonths: 1, PeriodStart: syncPeriodStart, PeriodEnd: syncPeriodStart.AddDate(0, 1, 0),
			AddonValue: addon, Params: map[string]string{rpc.DefaultOSParam: template}, VMID: vm.ID, Connection: syncConnection, Status: "active", Revision: 1}
	}
	return out
}

func writeSyncConfig(dir string, fake *vmfake.Fake) (string, error) {
	fc := fake.Config()
	cfg := fmt.Sprintf(`connections:
  - name: %s
    kind: %s
    url: %q
    username: %q
    password: %q
    timeout: 10m
    retries: 1
    backoff: 10ms
    max_response_bytes: %d
limits:
  max_message_bytes: %d
`, syncConnection, fc.Kind, fc.URL, fc.Username, fc.Password, 1<<30, 1<<30)
	path := filepath.Join(dir, "pmosaddon.yaml")
	return path, os.WriteFile(path, []byte(cfg), 0o600)
}

// fetchVMList returns the func=vm answer as the module receives it.
func fetchVMList(fake *vmfake.Fake) ([]byte, error) {
	form := url.Values{"func": {"vm"}, "authinfo": {vmfake.Username + ":" + vmfake.Password}, "out": {"xml"}}
	resp, err := http.PostForm(fake.URL()+"/vmmgr", form)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// servicePages returns the JSON of every billing/services page the module
// asks for, at the module's page size.
func servicePages(ctx context.Context, l *ledger.Ledger) ([][]byte, error) {
	var pages [][]byte
	cursor := ""
	for {
		res, err := l.ServicesPage(ctx, &rpc.ServicesParams{Connection: syncConnection, Cursor: cursor, Limit: module.DefaultPageSize})
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(res)
		if err != nil {
			return nil, err
		}
		pages = append(pages, b)
		if res.NextCursor == "" {
			return pages, nil
		}
		cursor = res.NextCursor
	}
}

// floor decodes the VM list once (xml.DecodeVMList) and every service page
// once (json.Unmarshal into rpc.ServicesResult).
func floor(doc []byte, pages [][]byte, n int) (time.Duration, error) {
	start := time.Now()
	listed := 0
	err := xml.DecodeVMList(bytes.NewReader(doc), xml.Limits{MaxBytes: 1 << 30}, func(xml.VMElem) error {
		listed++
		return nil
	})
	if err != nil || listed != n {
		return 0, fmt.Errorf("floor: decoded %d VMs of %d: %v", listed, n, err)
	}
	for _, p := range pages {
		var res rpc.ServicesResult
		if err := json.Unmarshal(p, &res); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// peakRSS reads the process's VmHWM, in KiB.
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
