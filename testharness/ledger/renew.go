package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"osaddon/rpc"
	"osaddon/testharness/calendar"
)

// Renewal is one period renewal the billing core carried out.
type Renewal struct {
	// Key is the renewal's money key: renew:<service>:<new period start>.
	Key string
	// ServiceID is the service renewed.
	ServiceID string
	// Value is the add-on value charged for the new period.
	Value string
	// Outcome is Applied, or InsufficientFunds when the service was
	// suspended instead.
	Outcome Outcome
	// Charged is the add-on's price for the new period, or empty.
	Charged rpc.Amount
	// Currency is Charged's currency.
	Currency string
	// PeriodStart is the new period's start.
	PeriodStart time.Time
}

// NoticeRenewalUnpaid is the kind of the notification a renewal the account
// cannot pay raises.
const NoticeRenewalUnpaid = "renewal_unpaid"

// RenewDue renews every active service whose period ended by at, period by
// period, as the billing core's renewal does: each renewal charges the
// add-on at its current value for the new period and moves the period on,
// in one transaction under its money key. A service whose account cannot
// pay is suspended and the administrator notified. The add-on is modelled
// alone: the tariff's own price is the billing core's business. A per-core
// value renews for the service's "cpus" param (set when it is ordered or
// seeded), at least its minimum core count.
func (l *Ledger) RenewDue(ctx context.Context, at time.Time) ([]Renewal, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT id FROM services WHERE status = 'active' AND period_end <= ? ORDER BY id`, formatTime(at))
	if err != nil {
		return nil, err
	}
	var due []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		due = append(due, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Renewal
	for _, id := range due {
		for {
			r, more, err := l.renewOnce(ctx, id, at)
			if err != nil {
				return out, err
			}
			if r.Key != "" {
				out = append(out, r)
			}
			if !more {
				break
			}
		}
	}
	return out, nil
}

// renewOnce renews one period of a service if it is due; more reports
// whether another period may be due after it.
func (l *Ledger) renewOnce(ctx context.Context, id string, at time.Time) (r Renewal, more bool, err error) {
	err = l.write(ctx, func(tx *sql.Tx) error {
		r, more = Renewal{}, false
		svc, err := loadService(ctx, tx, id)
		if err != nil {
			return err
		}
		if svc.Status != "active" || svc.PeriodEnd.After(at) {
			return nil
		}
		acc, err := loadAccount(ctx, tx, svc.Account.ID)
		if err != nil {
			return err
		}
		cores, _ := strconv.Atoi(svc.params["cpus"])
		price, err := renewalPrice(ctx, tx, svc.TariffID, svc.AddonValue, svc.PeriodMonths, acc.currency.Code(), cores)
		if err != nil {
			return err
		}
		// Every period end is counted from the anchor, never from the
		// previous end: a service started on 31 January ends its periods
		// on 29 February, then 31 March.
		months := svc.anchorMonths + svc.PeriodMonths
		start, end := svc.PeriodEnd, calendar.AddMonths(svc.anchor, months)
		r = Renewal{Key: fmt.Sprintf("renew:%s:%s", svc.ID, start.Format("2006-01-02")), ServiceID: svc.ID,
			Value: svc.AddonValue, Currency: acc.currency.Code(), PeriodStart: start}
		if price.IsPositive() {
			if taken, err := moneyKeyTaken(ctx, tx, r.Key); err != nil || taken {
				return err
			}
			if acc.balance.Add(acc.limit).LessThan(price) {
				r.Outcome = InsufficientFunds
				n := &rpc.Notification{Key: "notice:" + NoticeRenewalUnpaid + ":" + svc.ID + ":" + start.Format("2006-01-02"),
					Kind: NoticeRenewalUnpaid, Audience: rpc.AudienceAdmin, ServiceID: svc.ID, Value: svc.AddonValue,
					Message: fmt.Sprintf("service %s suspended: the renewal of %s costs %s %s", svc.ID, svc.AddonValue,
						canonical(price, acc.currency), acc.currency.Code())}
				if _, err := insertNotification(ctx, tx, n, r.Key, at); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `UPDATE services SET status = 'suspended', revision = revision + 1 WHERE id = ?`, svc.ID)
				return err
			}
			balance := acc.balance.Sub(price)
			m := moneyIn{Money: &rpc.Money{Key: r.Key, PeriodStart: start, PeriodEnd: end,
				Description: fmt.Sprintf("%s, renewal for %d months", svc.AddonValue, svc.PeriodMonths)}, amount: price}
			if err := insertEntry(ctx, tx, "charge", m, &rpc.Change{Key: r.Key}, svc, acc, balance, at); err != nil {
				return err
			}
			if err := setBalance(ctx, tx, acc, balance); err != nil {
				return err
			}
			r.Charged = rpc.Amount(canonical(price, acc.currency))
		}
		r.Outcome = Applied
		_, err = tx.ExecContext(ctx, `UPDATE services SET period_start = ?, period_end = ?, anchor_months = ?,
			revision = revision + 1 WHERE id = ?`, formatTime(start), formatTime(end), months, svc.ID)
		more = !end.After(at)
		return err
	})
	return r, more, err
}

// renewalPrice is the add-on value's price for a period in a currency.
// A per-core value is priced for cores (the service's "cpus" param), at
// least its minimum.
func renewalPrice(ctx context.Context, tx *sql.Tx, tariffID, value string, months int, currency string, cores int) (decimal.Decimal, error) {
	var body string
	if err := tx.QueryRowContext(ctx, `SELECT body FROM tariffs WHERE id = ?`, tariffID).Scan(&body); err != nil {
		return decimal.Zero, fmt.Errorf("%w: tariff %q: %v", ErrNotFound, tariffID, err)
	}
	var t rpc.Tariff
	if err := json.Unmarshal([]byte(body), &t); err != nil {
		return decimal.Zero, err
	}
	for _, v := range t.Addon.Values {
		if v.InternalName != value {
			continue
		}
		for _, p := range v.Prices {
			if p.Months == months && p.Currency == currency {
				d, err := decimal.NewFromString(string(p.Amount))
				if err != nil {
					return decimal.Zero, err
				}
				if v.PerCore != nil && v.PerCore.PackSize > 0 {
					packs := (max(cores, v.PerCore.MinCores, 1) + v.PerCore.PackSize - 1) / v.PerCore.PackSize
					d = d.Mul(decimal.NewFromInt(int64(packs)))
				}
				return d, nil
			}
		}
		return decimal.Zero, fmt.Errorf("%w: tariff %q has no %d-month %s price for %q", ErrNotFound, tariffID, months, currency, value)
	}
	return decimal.Zero, fmt.Errorf("%w: tariff %q has no value %q", ErrNotFound, tariffID, value)
}
