package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/rpc"
)

// Outcome is what Apply did with one action.
type Outcome string

// The outcomes of Apply.
const (
	// Applied: a change or an OS value list took effect now. A change's
	// money may have been taken before (Result.MoneyTaken).
	Applied Outcome = "applied"
	// Duplicate: the key was recorded before; nothing changed.
	Duplicate Outcome = "duplicate"
	// InsufficientFunds: the account could not pay the charge under
	// notify_admin. Nothing changed but the fallback notification; the key
	// is not recorded, so the next run plans and tries the change again.
	InsufficientFunds Outcome = "insufficient_funds"
	// Stale: the service's add-on is no longer the change's From. The key
	// is recorded as skipped_stale; nothing else changed.
	Stale Outcome = "stale"
	// DryRun: the change was planned by a dry run and is never applied.
	DryRun Outcome = "dry_run"
	// Notified: a notification was recorded now.
	Notified Outcome = "notified"
	// Ignored: the action is malformed or names an unknown service; nothing
	// changed and nothing was recorded. Result.Reason says why.
	Ignored Outcome = "ignored"
)

// ApplyReport lists what Apply did, one Result per action in order.
type ApplyReport struct {
	Results []Result
}

// Count returns how many actions had outcome o.
func (r ApplyReport) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Result is what Apply did with one action, enough for a timeline line.
type Result struct {
	// Key is the action's key.
	Key string
	// Type is the action's type.
	Type rpc.ActionType
	// ServiceID is the service a change or notification concerns.
	ServiceID string
	// Outcome is what happened.
	Outcome Outcome
	// Charged is the amount taken from the account now, or empty.
	Charged rpc.Amount
	// Refunded is the amount given back now, or empty.
	Refunded rpc.Amount
	// Currency is the currency of Charged and Refunded.
	Currency string
	// MoneyTaken is true when the change's money key was already in the
	// ledger, so the change was applied without its money.
	MoneyTaken bool
	// InDebt is true when a charge was taken under allow_debt beyond what
	// the account could pay.
	InDebt bool
	// Balance is the account's balance after a change, or empty.
	Balance rpc.Amount
	// Reason explains an ignored or stale action.
	Reason string
}

// ApplyRun applies the actions a run planned. It refuses a dry run's
// actions whole (ErrDryRun) and a run StartRun never recorded
// (ErrNotFound).
func (l *Ledger) ApplyRun(ctx context.Context, runID string, actions []rpc.Action, at time.Time) (ApplyReport, error) {
	var dry bool
	err := l.db.QueryRowContext(ctx, `SELECT dry_run FROM runs WHERE run_id = ?`, runID).Scan(&dry)
	if errors.Is(err, sql.ErrNoRows) {
		return ApplyReport{}, fmt.Errorf("%w: run %q", ErrNotFound, runID)
	}
	if err != nil {
		return ApplyReport{}, err
	}
	if dry {
		return ApplyReport{}, fmt.Errorf("%w: run %q", ErrDryRun, runID)
	}
	return l.Apply(ctx, actions, at)
}

// Apply applies actions in order, each exactly once by key, at virtual
// time at. Each action is one transaction: a change, its money, its
// fallback notification and its key commit together or not at all, so a
// process killed at any point leaves every action either wholly applied or
// untouched, and applying the same list again finishes the work without
// doing any of it twice.
//
// A change is applied as docs/PROTOCOL.md says:
//
//  1. A key already recorded: Duplicate.
//  2. A change marked DryRun: DryRun, nothing touched.
//  3. The service's add-on is no longer Addon.From: Stale. The key is
//     recorded as skipped_stale, so this plan can never apply later, when
//     the service might by chance be back at From with the VM elsewhere.
//     That loses nothing: every change and every edit (PutService) moves
//     the revision, and change keys carry it, so the next run plans the
//     service afresh under a new key.
//  4. A charge whose money key is in the ledger is not taken again: the
//     change applies without it (MoneyTaken). Otherwise the account must
//     hold it: balance + credit limit >= amount. If it cannot, under
//     notify_admin (also the policy when none is given) the fallback
//     notification is recorded under its key and nothing else changes:
//     InsufficientFunds, key not recorded, retried by the next run. Under
//     allow_debt the charge is taken anyway.
//  5. A refund is credited unless its money key is in the ledger.
//     Money taken or credited here records its client notice, if any, in
//     the same transaction; money not moved records none.
//  6. The add-on becomes Addon.To; param vm_id sets that column and the
//     others (the OS parameter OSParam among them) merge into the
//     service's params; the
//     revision goes up by one; the key is recorded as applied.
//
// A notification is recorded once by key (Notified, then Duplicate). An
// OS value list replaces its connection's list unless the list stored has
// the same key (Duplicate). Its key names content, not a moment, so a list
// that comes back to an earlier content applies again; two overlapping runs
// may therefore swap the list back and forth, which the sync lease
// (AcquireLease) prevents.
//
// Malformed actions are Ignored with a reason and nothing recorded; only a
// database failure returns an error, with the report of the actions before.
func (l *Ledger) Apply(ctx context.Context, actions []rpc.Action, at time.Time) (ApplyReport, error) {
	report := ApplyReport{Results: make([]Result, 0, len(actions))}
	for i, a := range actions {
		if err := ctx.Err(); err != nil {
			return report, err
		}
		var res Result
		var err error
		switch {
		case a.Type == rpc.ActionChange && a.Change != nil:
			res, err = l.applyChange(ctx, a.Change, at)
		case a.Type == rpc.ActionNotification && a.Notification != nil:
			res, err = l.applyNotification(ctx, a.Notification, at)
		case a.Type == rpc.ActionOSValues && a.OSValues != nil:
			res, err = l.applyOSValues(ctx, a.OSValues, at)
		default:
			res = Result{Key: a.Key(), Type: a.Type, Outcome: Ignored,
				Reason: fmt.Sprintf("action type %q without its payload", a.Type)}
		}
		if err != nil {
			return report, fmt.Errorf("ledger: action %d (%s): %w", i, a.Key(), err)
		}
		report.Results = append(report.Results, res)
	}
	return report, nil
}

// moneyIn is a charge or refund checked against the account.
type moneyIn struct {
	*rpc.Money
	amount decimal.Decimal
}

// checkMoney validates a charge or refund for the account: a key, an
// amount not negative and already rounded to the minor unit, and the
// account's currency.
func checkMoney(what string, m *rpc.Money, acc account) (moneyIn, string) {
	if m == nil {
		return moneyIn{}, ""
	}
	if m.Key == "" {
		return moneyIn{}, what + " has no money key"
	}
	if n := m.ClientNotice; n != nil && (n.Key == "" || n.Audience != rpc.AudienceClient) {
		return moneyIn{}, fmt.Sprintf("%s's client notice needs a key and audience %q", what, rpc.AudienceClient)
	}
	if m.Currency != acc.currency.Code() {
		return moneyIn{}, fmt.Sprintf("%s in %q, account %q is in %s", what, m.Currency, acc.id, acc.currency)
	}
	d, err := parseAmount(string(m.Amount))
	if err != nil {
		return moneyIn{}, fmt.Sprintf("%s: %v", what, err)
	}
	if d.IsNegative() {
		return moneyIn{}, fmt.Sprintf("%s amount %s is negative", what, m.Amount)
	}
	if !inMinorUnits(d, acc.currency) {
		return moneyIn{}, fmt.Sprintf("%s amount %s is not rounded to %s's minor unit", what, m.Amount, acc.currency)
	}
	return moneyIn{Money: m, amount: d}, ""
}

func (l *Ledger) applyChange(ctx context.Context, c *rpc.Change, at time.Time) (Result, error) {
	res := Result{Key: c.Key, Type: rpc.ActionChange, ServiceID: c.ServiceID}
	if c.Key == "" {
		res.Outcome, res.Reason = Ignored, "change has no key"
		return res, nil
	}
	if c.DryRun {
		res.Outcome = DryRun
		return res, nil
	}
	err := l.write(ctx, func(tx *sql.Tx) error {
		res = Result{Key: c.Key, Type: rpc.ActionChange, ServiceID: c.ServiceID}
		var recorded string
		err := tx.QueryRowContext(ctx, `SELECT outcome FROM changes WHERE change_key = ?`, c.Key).Scan(&recorded)
		if err == nil {
			res.Outcome, res.Reason = Duplicate, "recorded as "+recorded
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		svc, err := loadService(ctx, tx, c.ServiceID)
		if errors.Is(err, ErrNotFound) {
			res.Outcome, res.Reason = Ignored, fmt.Sprintf("unknown service %q", c.ServiceID)
			return nil
		}
		if err != nil {
			return err
		}
		acc, err := loadAccount(ctx, tx, svc.Account.ID)
		if err != nil {
			return err
		}
		charge, reason := checkMoney("charge", c.Charge, acc)
		if reason == "" {
			var refund moneyIn
			refund, reason = checkMoney("refund", c.Refund, acc)
			if reason == "" {
				return applyChangeTx(ctx, tx, c, svc, acc, charge, refund, at, &res)
			}
		}
		res.Outcome, res.Reason = Ignored, reason
		return nil
	})
	return res, err
}

// applyChangeTx is steps 3 to 6 of Apply, inside the change's transaction.
func applyChangeTx(ctx context.Context, tx *sql.Tx, c *rpc.Change, svc storedService, acc account,
	charge, refund moneyIn, at time.Time, res *Result) error {
	if c.Addon != nil && svc.AddonValue != c.Addon.From {
		res.Outcome = Stale
		res.Reason = fmt.Sprintf("add-on is %q, change is from %q", svc.AddonValue, c.Addon.From)
		return recordChange(ctx, tx, c, at, "skipped_stale")
	}
	balance := acc.balance
	if charge.Money != nil {
		taken, err := moneyKeyTaken(ctx, tx, charge.Key)
		if err != nil {
			return err
		}
		if taken {
			res.MoneyTaken = true
		} else {
			if balance.Add(acc.limit).LessThan(charge.amount) {
				if !fallbackAllowsDebt(c.OnInsufficientFunds) {
					res.Outcome = InsufficientFunds
					res.Balance = rpc.Amount(canonical(balance, acc.currency))
					res.Reason = fmt.Sprintf("balance %s + credit limit %s < %s",
						canonical(balance, acc.currency), canonical(acc.limit, acc.currency), canonical(charge.amount, acc.currency))
					if fb := c.OnInsufficientFunds; fb != nil && fb.Notification != nil {
						_, err := insertNotification(ctx, tx, fb.Notification, c.Key, at)
						return err
					}
					return nil
				}
				res.InDebt = true
			}
			balance = balance.Sub(charge.amount)
			if err := insertEntry(ctx, tx, "charge", charge, c, svc, acc, balance, at); err != nil {
				return err
			}
			res.Charged = rpc.Amount(canonical(charge.amount, acc.currency))
		}
	}
	if refund.Money != nil {
		taken, err := moneyKeyTaken(ctx, tx, refund.Key)
		if err != nil {
			return err
		}
		if taken {
			res.MoneyTaken = true
		} else {
			balance = balance.Add(refund.amount)
			if err := insertEntry(ctx, tx, "refund", refund, c, svc, acc, balance, at); err != nil {
				return err
			}
			res.Refunded = rpc.Amount(canonical(refund.amount, acc.currency))
		}
	}
	if !balance.Equal(acc.balance) {
		if err := setBalance(ctx, tx, acc, balance); err != nil {
			return err
		}
	}
	if res.Charged != "" || res.Refunded != "" {
		res.Currency = acc.currency.Code()
	}
	res.Balance = rpc.Amount(canonical(balance, acc.currency))
	if err := updateService(ctx, tx, c, svc); err != nil {
		return err
	}
	res.Outcome = Applied
	return recordChange(ctx, tx, c, at, "applied")
}

// fallbackAllowsDebt reports whether an unpayable charge is taken anyway.
// Anything but an explicit allow_debt notifies and waits: it is the safe
// default, and the protocol's.
func fallbackAllowsDebt(fb *rpc.Fallback) bool {
	return fb != nil && fb.Policy == rpc.PolicyAllowDebt
}

func moneyKeyTaken(ctx context.Context, tx *sql.Tx, key string) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM entries WHERE money_key = ?`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// insertEntry books money taken or returned, with its client notice: the
// client hears of money only in the transaction that moves it.
func insertEntry(ctx context.Context, tx *sql.Tx, kind string, m moneyIn, c *rpc.Change, svc storedService,
	acc account, balanceAfter decimal.Decimal, at time.Time) error {
	if m.ClientNotice != nil {
		if _, err := insertNotification(ctx, tx, m.ClientNotice, c.Key, at); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO entries (money_key, change_key, service_id, account_id, kind,
			amount, currency, balance_after, period_start, period_end, description, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Key, c.Key, svc.ID, acc.id, kind, canonical(m.amount, acc.currency), acc.currency.Code(),
		canonical(balanceAfter, acc.currency), formatTime(m.PeriodStart), formatTime(m.PeriodEnd),
		m.Description, formatTime(at))
	return err
}

// updateService sets the add-on and params and bumps the revision.
func updateService(ctx context.Context, tx *sql.Tx, c *rpc.Change, svc storedService) error {
	addon, vmID := svc.AddonValue, svc.VMID
	if c.Addon != nil {
		addon = c.Addon.To
	}
	params := maps.Clone(svc.params)
	if params == nil {
		params = map[string]string{}
	}
	for name, value := range c.Params {
		if name == "vm_id" {
			vmID = value
		} else {
			params[name] = value
		}
	}
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE services SET addon_value = ?, vm_id = ?,
		params = ?, revision = revision + 1 WHERE id = ?`, addon, vmID, string(body), svc.ID)
	return err
}

func recordChange(ctx context.Context, tx *sql.Tx, c *rpc.Change, at time.Time, outcome string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO changes (change_key, service_id, applied_at, outcome) VALUES (?, ?, ?, ?)`,
		c.Key, c.ServiceID, formatTime(at), outcome)
	return err
}

// insertNotification records n unless its key is recorded; it reports
// whether it did.
func insertNotification(ctx context.Context, tx *sql.Tx, n *rpc.Notification, changeKey string, at time.Time) (bool, error) {
	r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO notifications (key, kind, audience, service_id, vm_id,
			connection, template, value, message, change_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Key, n.Kind, n.Audience, n.ServiceID, n.VMID, n.Connection, n.Template, n.Value, n.Message,
		changeKey, formatTime(at))
	if err != nil {
		return false, err
	}
	rows, err := r.RowsAffected()
	return rows == 1, err
}

func (l *Ledger) applyNotification(ctx context.Context, n *rpc.Notification, at time.Time) (Result, error) {
	res := Result{Key: n.Key, Type: rpc.ActionNotification, ServiceID: n.ServiceID}
	if n.Key == "" {
		res.Outcome, res.Reason = Ignored, "notification has no key"
		return res, nil
	}
	err := l.write(ctx, func(tx *sql.Tx) error {
		inserted, err := insertNotification(ctx, tx, n, "", at)
		res.Outcome = Duplicate
		if inserted {
			res.Outcome = Notified
		}
		return err
	})
	return res, err
}

func (l *Ledger) applyOSValues(ctx context.Context, v *rpc.OSValues, at time.Time) (Result, error) {
	res := Result{Key: v.Key, Type: rpc.ActionOSValues}
	if v.Key == "" || v.Connection == "" {
		res.Outcome, res.Reason = Ignored, "OS value list has no key or no connection"
		return res, nil
	}
	body, err := json.Marshal(v.Values)
	if err != nil {
		return res, err
	}
	err = l.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO os_values (connection, key, body, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (connection) DO UPDATE SET key = excluded.key, body = excluded.body,
				updated_at = excluded.updated_at
			WHERE os_values.key <> excluded.key`, v.Connection, v.Key, string(body), formatTime(at))
		if err != nil {
			return err
		}
		rows, err := r.RowsAffected()
		res.Outcome = Duplicate
		if rows == 1 {
			res.Outcome = Applied
		}
		return err
	})
	return res, err
}
