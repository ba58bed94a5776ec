package module_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/testlog"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// The fault matrix: every way VMmanager can fail, crossed with a pending
// Windows install (a VM reinstalled with Windows inside the panel while its
// service is on the free value), on VMmanager 5 and 6. Unknown is not free:
// a failed run changes nothing for the connection and says so once; a run
// that recovers (retries, a renewed session) charges exactly once; and once
// the panel heals, the install is charged exactly once.

// inProcessLogged is inProcess with the module logging at trace level into
// logs, so a test can scan everything the module said.
func inProcessLogged(t *testing.T, cfg *config.Config, h rpc.Host, logs *testlog.Buffer) *host.Client {
	t.Helper()
	return connect(t, cfg, h, hclog.New(&hclog.LoggerOptions{Name: module.Name, Output: logs, Level: hclog.Trace, JSONFormat: true}))
}

// sessionKeyShape matches the session keys and tokens the fakes hand out.
var sessionKeyShape = regexp.MustCompile(`key[0-9]+-vmmanager[56]`)

// assertNoSecrets fails when text holds the panel password or a session
// key.
func assertNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	if strings.Contains(text, vmfake.Password) {
		t.Errorf("%s holds the panel password", where)
	}
	if k := sessionKeyShape.FindString(text); k != "" {
		t.Errorf("%s holds the session key %q", where, k)
	}
}

// healAll takes every injected fault away.
func healAll(f *vmfake.Fake) {
	f.SetDown(false)
	f.SetLatency(0)
	f.FailNext(0, 0)
	f.MalformNext(0)
	f.TruncateNext(0)
	f.ExpireSessionsAfter(-1)
}

// faultCell is one row of the matrix.
type faultCell struct {
	name string
	// only limits the cell to one kind of panel; empty runs both.
	only string
	// nodes is how many connections the module has; the fault hits the
	// first.
	nodes int
	// tune adjusts the connection's config before the module starts.
	tune func(c *vmmanager.Config)
	// prepare runs on the healthy panel before the warm-up run.
	prepare func(t *testing.T, f *vmfake.Fake)
	// inject breaks the first node just before the run under test.
	inject func(f *vmfake.Fake)
	// recovers is true when the run must complete despite the fault.
	recovers bool
	// permanent is true when the fault cannot be healed (a stopped panel).
	permanent bool
	// renews is true when the run must log in again.
	renews bool
	// minRequests is the least number of panel requests the faulty run
	// must make (to prove retries happened); 0 skips the check.
	minRequests int
}

var faultCells = []faultCell{
	{name: "down", inject: func(f *vmfake.Fake) { f.SetDown(true) }, minRequests: 4},
	{name: "refused", inject: func(f *vmfake.Fake) { f.Stop() }, permanent: true},
	{
		name: "slow beyond the timeout",
		tune: func(c *vmmanager.Config) { c.Timeout, c.Retries = 250*time.Millisecond, 1 },
		inject: func(f *vmfake.Fake) {
			f.SetLatency(5 * time.Second)
		},
		minRequests: 2,
	},
	{name: "500 past retries", inject: func(f *vmfake.Fake) { f.FailNext(1000, http.StatusInternalServerError) }, minRequests: 4},
	{name: "503 past retries", inject: func(f *vmfake.Fake) { f.FailNext(1000, http.StatusServiceUnavailable) }, minRequests: 4},
	{name: "503 twice then OK", inject: func(f *vmfake.Fake) { f.FailNext(2, http.StatusServiceUnavailable) }, recovers: true, minRequests: 4},
	{name: "malformed", inject: func(f *vmfake.Fake) { f.MalformNext(1000) }},
	{name: "truncated", inject: func(f *vmfake.Fake) { f.TruncateNext(1000) }},
	{
		name: "session expiry before the VM listing",
		inject: func(f *vmfake.Fake) {
			// Let the template list through (v6 lists templates twice),
			// then drop every session as the VM listing starts.
			f.ExpireSessionsAfter(map[string]int{vmmanager.KindV5: 1, vmmanager.KindV6: 2}[f.Kind()])
		},
		recovers: true,
		renews:   true,
	},
	{
		name: "session expiry between listing pages",
		only: vmmanager.KindV6,
		prepare: func(t *testing.T, f *vmfake.Fake) {
			// A full first page of VMs without services, so the pending
			// install is listed on the second page.
			vms := make([]vmfake.VM, 1000)
			for i := range vms {
				vms[i] = vmfake.VM{Name: fmt.Sprint("spare", i), Template: linux(f), CPUs: 1}
			}
			if err := f.AddVMs(vms); err != nil {
				t.Fatal(err)
			}
		},
		// os, os, the first page: then every session drops.
		inject:   func(f *vmfake.Fake) { f.ExpireSessionsAfter(3) },
		recovers: true,
		renews:   true,
	},
	{name: "one of two nodes down", nodes: 2, inject: func(f *vmfake.Fake) { f.SetDown(true) }},
	{name: "one of two nodes answering 503", nodes: 2, inject: func(f *vmfake.Fake) { f.FailNext(1000, http.StatusServiceUnavailable) }},
}

func TestFaultMatrix(t *testing.T) {
	for _, cell := range faultCells {
		for _, kind := range kinds {
			if cell.only != "" && cell.only != kind {
				continue
			}
			t.Run(cell.name+"/"+kind, func(t *testing.T) {
				t.Parallel()
				runFaultCell(t, cell, kind)
			})
		}
	}
}

// node is one connection of a cell with its pending Windows install.
type node struct {
	fake  *vmfake.Fake
	name  string
	vmID  string
	svcID string
}

func runFaultCell(t *testing.T, cell faultCell, kind string) {
	nodes := make([]node, max(cell.nodes, 1))
	fakes := vmfake.NewCluster(t, kind, len(nodes))
	b := newBilling()
	for i, f := range fakes {
		if cell.prepare != nil && i == 0 {
			cell.prepare(t, f)
		}
		n := node{fake: f, name: f.Config().Name, vmID: addVM(t, f, linux(f)), svcID: fmt.Sprint("svc-", i)}
		b.services = append(b.services, serviceFor(f, n.svcID, n.vmID, "100.00"))
		nodes[i] = n
	}
	// The fakes' template names differ only by kind, so one tariff fits
	// every node.
	b.tariffs = []rpc.Tariff{tariffFor(fakes[0])}
	cfg := configFor(pricing.DowngradeNone, fakes...)
	for i := range cfg.Connections {
		cfg.Connections[i].Backoff = time.Millisecond
		if cell.tune != nil {
			cell.tune(&cfg.Connections[i])
		}
	}
	logs := &testlog.Buffer{}
	c := inProcessLogged(t, cfg, b, logs)

	// Warm-up: a healthy run on Linux plans nothing and opens the sessions.
	for _, n := range nodes {
		warm := runSync(t, c, n.fake, "warm-up", may10, false)
		if !warm.Summary.Complete || len(changes(warm.Actions)) != 0 {
			t.Fatalf("warm-up on %s: %+v", n.name, warm)
		}
		b.apply(t, warm.Actions)
	}
	// The clients reinstall with Windows inside the panels.
	for _, n := range nodes {
		if err := n.fake.Reinstall(n.vmID, windows(n.fake)); err != nil {
			t.Fatal(err)
		}
	}

	broken := nodes[0]
	before, loginsBefore := broken.fake.Requests(), broken.fake.Logins()
	cell.inject(broken.fake)
	at := may10.Add(4 * time.Hour)
	res := runSync(t, c, broken.fake, "faulty", at, false)
	requests, logins := broken.fake.Requests()-before, broken.fake.Logins()-loginsBefore
	if cell.renews && logins != 1 {
		t.Errorf("the run logged in %d times, want 1 renewal", logins)
	}
	b.apply(t, res.Actions)
	unreachable := notices(res.Actions, rpc.NoticeVMmanagerUnreachable)
	ch := changes(res.Actions)
	if cell.minRequests > 0 && requests < cell.minRequests && !cell.permanent {
		t.Errorf("the faulty run made %d panel requests, want at least %d (retries)", requests, cell.minRequests)
	}
	assertNoSecrets(t, "the summary", res.Summary.Error)
	for _, a := range res.Actions {
		if a.Notification != nil {
			assertNoSecrets(t, "a notification", a.Notification.Message)
		}
	}

	if cell.recovers {
		if !res.Summary.Complete || len(unreachable) != 0 {
			t.Fatalf("the run did not recover: %+v", res)
		}
		if len(ch) != 1 || ch[0].Charge == nil || ch[0].Charge.Amount != "14.19" || ch[0].Refund != nil {
			t.Fatalf("changes = %+v, want one charge of 14.19", ch)
		}
	} else {
		if res.Summary.Complete || len(ch) != 0 {
			t.Fatalf("a failed run planned changes: %+v", res)
		}
		if len(unreachable) != 1 || len(res.Actions) != 1 {
			t.Fatalf("actions = %+v, want one vmmanager_unreachable notification", res.Actions)
		}
		n := unreachable[0]
		if n.Connection != broken.name || !strings.Contains(n.Message, broken.name) || n.Audience != rpc.AudienceAdmin {
			t.Fatalf("notification = %+v, want it to name %s", n, broken.name)
		}
		// A second failing run in the same window says nothing new.
		again := runSync(t, c, broken.fake, "faulty-again", at.Add(time.Minute), false)
		if len(changes(again.Actions)) != 0 {
			t.Fatalf("the second failing run planned changes: %+v", again.Actions)
		}
		b.apply(t, again.Actions)
		if got := countNotices(b, rpc.NoticeVMmanagerUnreachable); got != 1 {
			t.Fatalf("%d vmmanager_unreachable notifications recorded, want 1", got)
		}
		if s := b.service(broken.svcID); s.AddonValue != "Free OS" || osOf(*s) != linux(broken.fake) {
			t.Fatalf("the broken node's service changed: %+v", s)
		}
		if len(b.ledger) != 0 {
			t.Fatalf("money moved for a failed run: %+v", b.ledger)
		}
	}

	// The other nodes carry on.
	for _, n := range nodes[1:] {
		other := runSync(t, c, n.fake, "healthy", at, false)
		b.apply(t, other.Actions)
		if !other.Summary.Complete || len(changes(other.Actions)) != 1 {
			t.Fatalf("the healthy node %s: %+v", n.name, other)
		}
	}

	// The broken node heals, and the next run takes the charge, once.
	if !cell.permanent {
		healAll(broken.fake)
		for i := range 2 {
			healed := runSync(t, c, broken.fake, fmt.Sprint("healed-", i), at.Add(4*time.Hour), false)
			if !healed.Summary.Complete {
				t.Fatalf("the run after healing: %+v", healed)
			}
			b.apply(t, healed.Actions)
		}
	}

	charges, refunds := 0, 0
	for _, m := range b.ledger {
		if strings.HasPrefix(string(m.Amount), "-") {
			refunds++
		} else {
			charges++
		}
	}
	wantCharges := len(nodes)
	if cell.permanent {
		wantCharges--
	}
	if charges != wantCharges || refunds != 0 {
		t.Fatalf("ledger = %+v, want %d charges and no refund", b.ledger, wantCharges)
	}
	for _, m := range b.ledger {
		if m.Amount != "14.19" {
			t.Fatalf("charge %+v, want 14.19 (20.00 x 22 of 31 days)", m)
		}
	}
	assertNoSecrets(t, "the module's logs", logs.String())
	t.Logf("cell %q %s: complete=%t changes=%d unreachable=%d requests=%d logins=%d ledger_charges=%d refunds=%d recorded_notices=%d",
		cell.name, kind, res.Summary.Complete, len(ch), len(unreachable), requests, logins, charges, refunds,
		countNotices(b, rpc.NoticeVMmanagerUnreachable))
}

func countNotices(b *billing, kind string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, x := range b.notices {
		if x.Kind == kind {
			n++
		}
	}
	return n
}
