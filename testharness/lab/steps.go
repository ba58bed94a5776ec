package lab

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/ledger"
	"osaddon/testharness/scenario"
)

// errBroken marks a broken invariant of the module, which stops the run
// rather than showing in the timeline.
var errBroken = errors.New("broken invariant")

// errExpectation marks an event that did not do what the scenario
// expects of it; it stops the run too.
var errExpectation = errors.New("expectation failed")

// harnessPassword is the password the harness gives reinstalls; the fake
// panel takes any.
const harnessPassword = "harness-Reinstall-1"

// sync runs one sync of the scenario's connection at virtual time at and,
// unless dryRun, applies its plan. Only one harness at a time may sync a
// ledger's connection: the lease is taken on the wall clock.
func (l *lab) sync(ctx context.Context, at time.Time, dryRun bool) error {
	return l.syncExpecting(ctx, at, dryRun, nil)
}

// syncExpecting is sync, and fails the run when expect is set and the
// run's summary differs from it.
func (l *lab) syncExpecting(ctx context.Context, at time.Time, dryRun bool, expect *scenario.SyncExpect) error {
	conn := l.s.Panel.Connection
	runID := conn + "@" + at.UTC().Format(time.RFC3339)
	kind := "sync"
	if dryRun {
		runID, kind = runID+"/dry-run", "dry-run"
	}
	step := Step{At: at, Kind: kind}
	lease := "sync:" + conn
	got, err := l.acquire(ctx, lease)
	if err != nil {
		return err
	}
	if !got {
		step.Error = "skipped: another harness holds the sync lease"
		l.report.Steps = append(l.report.Steps, step)
		return nil
	}
	defer l.ledger.ReleaseLease(context.WithoutCancel(ctx), lease, l.opts.Holder)
	if runID, err = l.startRun(ctx, runID, at, dryRun); err != nil {
		return err
	}
	res, err := l.module.SyncServer(ctx, &rpc.SyncServerParams{Connection: conn, RunID: runID, AsOf: at, DryRun: dryRun})
	if err != nil {
		step.Error = err.Error()
		l.report.Steps = append(l.report.Steps, step)
		if ferr := l.ledger.FinishRun(ctx, runID, rpc.SyncSummary{Connection: conn}, "failed", at); ferr != nil {
			return ferr
		}
		if rpc.CodeOf(err) == 0 { // not an answer: the connection to the module is gone
			return fmt.Errorf("lost the module during the sync at %s: %w", at.Format(time.RFC3339), err)
		}
		if expect != nil {
			return fmt.Errorf("sync at %s failed: %w; the scenario expects a summary", at.Format(time.RFC3339), err)
		}
		return nil
	}
	step.Summary = &res.Summary
	if err := checkSummary(at, expect, res.Summary); err != nil {
		return err
	}
	if dryRun {
		for _, a := range res.Actions {
			step.Rows = append(step.Rows, planned(a))
		}
	} else {
		rep, err := l.ledger.ApplyRun(ctx, runID, res.Actions, at)
		if err != nil {
			return err
		}
		step.Rows = rows(res.Actions, rep)
	}
	l.report.Steps = append(l.report.Steps, step)
	outcome := "complete"
	if !res.Summary.Complete {
		outcome = "incomplete"
	}
	return l.ledger.FinishRun(ctx, runID, res.Summary, outcome, at)
}

// startRun records a run under id, or under id#2, id#3 … when a run of a
// harness that stopped (or crashed and was rerun) already holds the id.
func (l *lab) startRun(ctx context.Context, id string, at time.Time, dryRun bool) (string, error) {
	runID := id
	for attempt := 2; ; attempt++ {
		err := l.ledger.StartRun(ctx, runID, l.s.Panel.Connection, at, dryRun)
		if !errors.Is(err, ledger.ErrRunExists) || attempt > 1000 {
			return runID, err
		}
		runID = fmt.Sprintf("%s#%d", id, attempt)
	}
}

// event carries out one scenario event.
func (l *lab) event(ctx context.Context, e scenario.Event) error {
	step := Step{At: e.At, Kind: "event", Note: e.Note}
	var err error
	switch {
	case e.Reinstall != nil:
		step.Note = orDefault(step.Note, fmt.Sprintf("VM %s reinstalled with %s inside VMmanager", e.Reinstall.VM, e.Reinstall.Template))
		err = l.fake.Reinstall(e.Reinstall.VM, e.Reinstall.Template)
	case e.Installing != nil:
		word := map[bool]string{true: "finishes", false: "starts"}[e.Installing.Done]
		step.Note = orDefault(step.Note, fmt.Sprintf("VM %s %s installing", e.Installing.VM, word))
		err = l.fake.SetInstalling(e.Installing.VM, !e.Installing.Done)
	case e.TopUp != nil:
		step.Note = orDefault(step.Note, fmt.Sprintf("account %s tops up %s", e.TopUp.Account, e.TopUp.Amount))
		err = l.ledger.TopUp(ctx, e.TopUp.Account, rpc.Amount(e.TopUp.Amount))
	case e.Node != "":
		step.Note = orDefault(step.Note, "VMmanager goes "+e.Node)
		l.fake.SetDown(e.Node == "down")
	case e.SetPrice != nil:
		p := e.SetPrice
		step.Note = orDefault(step.Note, fmt.Sprintf("price of %s for %d months becomes %s %s", p.Value, p.Months, p.Amount, p.Currency))
		err = l.setPrice(ctx, p)
	case e.SetParam != nil:
		step.Note = orDefault(step.Note, fmt.Sprintf("billing core sets the OS of %s to %s", e.SetParam.Service, e.SetParam.OSTemplate))
		if e.SetParam.OSTemplate == "" {
			step.Note = orDefault(e.Note, fmt.Sprintf("billing core moves %s to tariff %s, %d months", e.SetParam.Service, e.SetParam.Tariff, e.SetParam.PeriodMonths))
		}
		step.Rows, err = l.setParam(ctx, e.SetParam, e.At)
		if err != nil {
			step.Error, err = err.Error(), nil
		}
	case e.Sync != nil:
		return l.syncExpecting(ctx, e.At, e.Sync.DryRun, e.Sync.Expect)
	case e.Order != nil:
		step.Note = orDefault(step.Note, fmt.Sprintf("client orders %s with %s", e.Order.Service, e.Order.Template))
		step.Rows, err = l.order(ctx, e.Order, e.At)
		if err != nil && !errors.Is(err, errBroken) && !errors.Is(err, errExpectation) {
			step.Error, err = err.Error(), nil
		}
	case e.Fault != nil:
		step.Note = orDefault(step.Note, fmt.Sprintf("VMmanager fault: %s ×%d", e.Fault.Kind, e.Fault.Count))
		l.fault(e.Fault)
	case e.Suspend != nil:
		step.Note = orDefault(step.Note, "billing core suspends "+e.Suspend.Service)
		step.Error, err = l.suspend(ctx, e.Suspend, e.At)
	}
	if err != nil {
		return err
	}
	l.report.Steps = append(l.report.Steps, step)
	return nil
}

func (l *lab) setPrice(ctx context.Context, p *scenario.SetPrice) error {
	t, err := l.ledger.Tariff(ctx, p.Tariff)
	if err != nil {
		return err
	}
	for i, v := range t.Addon.Values {
		if v.InternalName != p.Value {
			continue
		}
		for j, pr := range v.Prices {
			if pr.Months == p.Months && pr.Currency == p.Currency {
				t.Addon.Values[i].Prices[j].Amount = rpc.Amount(p.Amount)
				return l.ledger.PutTariff(ctx, t)
			}
		}
		t.Addon.Values[i].Prices = append(t.Addon.Values[i].Prices, rpc.Price{Months: p.Months, Currency: p.Currency, Amount: rpc.Amount(p.Amount)})
		return l.ledger.PutTariff(ctx, t)
	}
	return fmt.Errorf("tariff %s has no value %q", p.Tariff, p.Value)
}

func (l *lab) setParam(ctx context.Context, p *scenario.SetParam, at time.Time) ([]Row, error) {
	svc, err := l.ledger.Service(ctx, p.Service)
	if err != nil {
		return nil, err
	}
	if p.OSTemplate == "" {
		return l.move(ctx, p, svc, at)
	}
	t, err := l.ledger.Tariff(ctx, svc.TariffID)
	if err != nil {
		return nil, err
	}
	res, err := l.module.SetParam(ctx, &rpc.SetParamParams{Service: svc, Tariff: t, OSTemplate: p.OSTemplate, Password: harnessPassword, AsOf: at})
	if err != nil {
		return nil, err
	}
	rep, err := l.ledger.Apply(ctx, res.Actions, at)
	if err != nil {
		return nil, err
	}
	return rows(res.Actions, rep), nil
}

// move moves a service to another tariff or period length as the billing
// core does: setparam with the old tariff, then the module's actions and
// the move itself; a refusal keeps the old tariff.
func (l *lab) move(ctx context.Context, p *scenario.SetParam, svc rpc.Service, at time.Time) ([]Row, error) {
	from, err := l.ledger.Tariff(ctx, svc.TariffID)
	if err != nil {
		return nil, err
	}
	toID, months := cmp.Or(p.Tariff, svc.TariffID), cmp.Or(p.PeriodMonths, svc.PeriodMonths)
	to, err := l.ledger.Tariff(ctx, toID)
	if err != nil {
		return nil, err
	}
	params := &rpc.SetParamParams{Service: svc, Tariff: to, FromTariff: &from, PeriodMonths: p.PeriodMonths, AsOf: at}
	if toID != svc.TariffID {
		params.TariffID = toID
	}
	res, err := l.module.SetParam(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("refused, %s stays on %s for %d months: %w", svc.ID, svc.TariffID, svc.PeriodMonths, err)
	}
	rep, moved, err := l.ledger.Move(ctx, svc.ID, toID, months, res.Actions, at)
	if err != nil {
		return nil, err
	}
	out := rows(res.Actions, rep)
	if !moved {
		return out, fmt.Errorf("not moved, %s stays on %s for %d months", svc.ID, svc.TariffID, svc.PeriodMonths)
	}
	return out, nil
}

// order places an order as the billing core does: quote prices the cart
// (no panel call), the ledger takes the payment, and only a paid order
// calls open, which builds the VM; its change sets the service's add-on,
// VM and template. An unpaid order never reaches VMmanager. The order's
// expectation, if any, is checked whatever happened.
func (l *lab) order(ctx context.Context, o *scenario.Order, at time.Time) ([]Row, error) {
	before := l.fake.Requests()
	out, paid, err := l.placeOrder(ctx, o, at)
	if xerr := checkOrder(at, o, paid, l.fake.Requests()-before, err); xerr != nil {
		return out, errors.Join(xerr, err)
	}
	return out, err
}

// placeOrder is quote → pay → open; paid reports whether the order was
// paid (or cost nothing).
func (l *lab) placeOrder(ctx context.Context, o *scenario.Order, at time.Time) (out []Row, paid bool, err error) {
	svc, err := l.ledger.Service(ctx, o.Service)
	if err != nil {
		return nil, false, err
	}
	t, err := l.ledger.Tariff(ctx, svc.TariffID)
	if err != nil {
		return nil, false, err
	}
	cpus := max(o.CPUs, 1)
	q, err := l.module.Quote(ctx, &rpc.QuoteParams{Tariff: t, Currency: svc.Account.Currency, PeriodMonths: svc.PeriodMonths,
		CPUs: cpus, Template: o.Template})
	if err != nil {
		return nil, false, fmt.Errorf("quote: %w", err)
	}
	if q.Price == nil {
		return nil, false, fmt.Errorf("%w: quote of %s answered no price", errBroken, o.Template)
	}
	row := Row{Kind: "order", Key: "order:" + svc.ID, Service: svc.ID, To: q.Price.Value,
		Amount: string(q.Price.Amount), Currency: q.Price.Currency}
	pay, err := l.ledger.PayOrder(ctx, svc.ID, *q.Price, at)
	if errors.Is(err, ledger.ErrInsufficientFunds) {
		row.Result = "unpaid"
		return []Row{row}, false, err
	}
	if err != nil {
		return nil, false, err
	}
	row.Result, row.Amount = string(pay.Outcome), string(pay.Amount)
	out = []Row{row}
	res, err := l.module.Open(ctx, &rpc.OpenParams{Service: svc, Tariff: t, Template: o.Template, AsOf: at,
		VM: rpc.VMSpec{Name: "vps-" + svc.ID, Password: harnessPassword, CPUs: cpus, RAMMiB: 2048, DiskMiB: 20480}})
	// Whatever open answered, a service never has two VMs.
	if n := l.fake.CountNamed(vmmanager.ServiceVMName(svc.ID)); n > 1 {
		return out, true, fmt.Errorf("%w: the panel holds %d VMs for service %s", errBroken, n, svc.ID)
	}
	if err != nil {
		return out, true, err
	}
	if res.Price != *q.Price {
		return out, true, fmt.Errorf("%w: open priced %+v, the paid quote %+v", errBroken, res.Price, *q.Price)
	}
	rep, err := l.ledger.Apply(ctx, res.Actions, at)
	if err != nil {
		return out, true, err
	}
	if err := l.ledger.SetStatus(ctx, svc.ID, "active"); err != nil {
		return out, true, err
	}
	if err := l.ledger.SetServiceParam(ctx, svc.ID, "cpus", strconv.Itoa(cpus)); err != nil {
		return out, true, err
	}
	return append(out, rows(res.Actions, rep)...), true, nil
}

// checkOrder compares an order with what the scenario expects of it, if
// anything.
func checkOrder(at time.Time, o *scenario.Order, paid bool, requests int, err error) error {
	want := o.Expect
	if want == nil {
		return nil
	}
	when := at.Format(time.RFC3339)
	if want.Paid != nil && paid != *want.Paid {
		return fmt.Errorf("%w: order of %s at %s: paid is %t, want %t", errExpectation, o.Service, when, paid, *want.Paid)
	}
	if want.PanelRequests != nil && requests != *want.PanelRequests {
		return fmt.Errorf("%w: order of %s at %s made %d panel requests, want %d", errExpectation, o.Service, when, requests, *want.PanelRequests)
	}
	if want.Code != nil && int(rpc.CodeOf(err)) != *want.Code {
		return fmt.Errorf("%w: order of %s at %s answered %v, want code %d", errExpectation, o.Service, when, err, *want.Code)
	}
	return nil
}

// fault makes the fake panel misbehave.
func (l *lab) fault(f *scenario.Fault) {
	switch f.Kind {
	case scenario.FaultTruncate:
		l.fake.TruncateNext(f.Count)
	case scenario.FaultMalformed:
		l.fake.MalformNext(f.Count)
	case scenario.FaultStatus:
		l.fake.FailNext(f.Count, f.Status)
	case scenario.FaultExpireSessions:
		l.fake.ExpireSessionsAfter(f.Count)
	case scenario.FaultTaskFail:
		l.fake.FailTasks(f.Count, f.Output)
	case scenario.FaultLostCreate:
		l.fake.DropAnswerOn(l.fake.CreateMatch(), f.Count)
	}
}

// checkSummary compares a sync run's summary with what the scenario
// expects of it, if anything.
func checkSummary(at time.Time, want *scenario.SyncExpect, got rpc.SyncSummary) error {
	if want == nil {
		return nil
	}
	when := at.Format(time.RFC3339)
	if got.VMs != want.VMs {
		return fmt.Errorf("sync at %s listed %d VMs, want %d", when, got.VMs, want.VMs)
	}
	if want.Complete != nil && got.Complete != *want.Complete {
		return fmt.Errorf("sync at %s: complete is %t, want %t (%s)", when, got.Complete, *want.Complete, got.Error)
	}
	return nil
}

// suspend suspends a service through the module and checks the answer
// against the scenario's expectation: a different one stops the run. The
// answer's error, expected, is shown in the timeline.
func (l *lab) suspend(ctx context.Context, s *scenario.Suspend, at time.Time) (string, error) {
	svc, err := l.ledger.Service(ctx, s.Service)
	if err != nil {
		return "", err
	}
	_, err = l.module.Suspend(ctx, &rpc.ServiceParams{Service: svc, AsOf: at})
	code := int(rpc.CodeOf(err))
	if err != nil && code == 0 {
		return "", fmt.Errorf("lost the module during the suspend of %s: %w", s.Service, err)
	}
	switch {
	case code != s.ExpectCode:
		return "", fmt.Errorf("suspend of %s at %s answered %v (code %d), want code %d", s.Service, at.Format(time.RFC3339), err, code, s.ExpectCode)
	case s.ExpectMessage != "" && (err == nil || !strings.Contains(err.Error(), s.ExpectMessage)):
		return "", fmt.Errorf("suspend of %s at %s answered %v, want a message with %q", s.Service, at.Format(time.RFC3339), err, s.ExpectMessage)
	case err != nil:
		return err.Error(), nil
	}
	return "", nil
}

// renewals renews the services whose period ended by at, charging the
// add-on at its current value for the new period.
func (l *lab) renewals(ctx context.Context, at time.Time) error {
	results, err := l.ledger.RenewDue(ctx, at)
	if err != nil || len(results) == 0 {
		return err
	}
	step := Step{At: at, Kind: "renewal"}
	for _, r := range results {
		step.Rows = append(step.Rows, Row{Service: r.ServiceID, Kind: "renewal", To: r.Value,
			Amount: string(r.Charged), Currency: r.Currency, Result: string(r.Outcome), Key: r.Key})
	}
	l.report.Steps = append(l.report.Steps, step)
	return nil
}

// rows pairs a plan's actions with what the ledger did with them.
func rows(actions []rpc.Action, rep ledger.ApplyReport) []Row {
	out := make([]Row, 0, len(actions))
	for i, a := range actions {
		r := planned(a)
		if i < len(rep.Results) {
			res := rep.Results[i]
			r.Result = string(res.Outcome)
			switch {
			case res.Charged != "":
				r.Amount, r.Currency = string(res.Charged), res.Currency
			case res.Refunded != "":
				r.Amount, r.Currency = "-"+string(res.Refunded), res.Currency
			case res.MoneyTaken:
				r.Amount, r.Currency = "(paid before)", ""
			case res.Outcome != ledger.InsufficientFunds: // keep the sum that could not be paid
				r.Amount, r.Currency = "", ""
			}
		}
		out = append(out, r)
	}
	return out
}

// planned describes an action before it is applied.
func planned(a rpc.Action) Row {
	r := Row{Kind: string(a.Type), Key: a.Key(), Result: "planned"}
	switch {
	case a.Change != nil:
		c := a.Change
		r.Service = c.ServiceID
		if c.Addon != nil {
			r.From, r.To = c.Addon.From, c.Addon.To
		}
		switch {
		case c.Charge != nil:
			r.Amount, r.Currency = string(c.Charge.Amount), c.Charge.Currency
		case c.Refund != nil:
			r.Amount, r.Currency = "-"+string(c.Refund.Amount), c.Refund.Currency
		}
		if c.DryRun {
			r.Result = "dry_run"
		}
	case a.Notification != nil:
		n := a.Notification
		r.Service, r.To = orDefault(n.ServiceID, n.VMID), n.Kind
	case a.OSValues != nil:
		r.To = fmt.Sprintf("%d OS values", len(a.OSValues.Values))
	}
	return r
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
