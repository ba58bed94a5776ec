package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"osaddon/rpc"
)

// Entry is one line of the money ledger.
type Entry struct {
	// Seq orders the entries as they were written.
	Seq int64
	// MoneyKey is the charge's or refund's key, unique in the ledger.
	MoneyKey string
	// ChangeKey is the change that carried the money.
	ChangeKey string
	// ServiceID and AccountID say whose money it is.
	ServiceID, AccountID string
	// Kind is "charge" or "refund".
	Kind string
	// Amount is positive, in Currency, canonical ("6.85").
	Amount rpc.Amount
	// Currency is the account's currency.
	Currency string
	// BalanceAfter is the account's balance right after the entry.
	BalanceAfter rpc.Amount
	// PeriodStart and PeriodEnd are the billing period covered.
	PeriodStart, PeriodEnd time.Time
	// Description is the statement line.
	Description string
	// CreatedAt is the virtual time of the Apply.
	CreatedAt time.Time
}

// Entries returns the money ledger in the order it was written.
func (l *Ledger) Entries(ctx context.Context) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, money_key, change_key, service_id, account_id, kind,
		amount, currency, balance_after, period_start, period_end, description, created_at
		FROM entries ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var start, end, created string
		if err := rows.Scan(&e.Seq, &e.MoneyKey, &e.ChangeKey, &e.ServiceID, &e.AccountID, &e.Kind,
			&e.Amount, &e.Currency, &e.BalanceAfter, &start, &end, &e.Description, &created); err != nil {
			return nil, err
		}
		if e.PeriodStart, err = parseTime(start); err != nil {
			return nil, err
		}
		if e.PeriodEnd, err = parseTime(end); err != nil {
			return nil, err
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Notice is a recorded notification.
type Notice struct {
	rpc.Notification
	// Seq orders the notifications as they were recorded.
	Seq int64
	// ChangeKey is the change whose fallback raised it, or empty.
	ChangeKey string
	// CreatedAt is the virtual time of the Apply.
	CreatedAt time.Time
}

// Notifications returns the notifications in the order they were recorded.
func (l *Ledger) Notifications(ctx context.Context) ([]Notice, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, key, kind, audience, service_id, vm_id, connection,
		template, value, message, change_key, created_at FROM notifications ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var created string
		if err := rows.Scan(&n.Seq, &n.Key, &n.Kind, &n.Audience, &n.ServiceID, &n.VMID, &n.Connection,
			&n.Template, &n.Value, &n.Message, &n.ChangeKey, &created); err != nil {
			return nil, err
		}
		if n.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ChangeRecord is a change key the ledger has settled.
type ChangeRecord struct {
	// Seq orders the records as they were written.
	Seq int64
	// Key is the change's key.
	Key string
	// ServiceID is the service changed.
	ServiceID string
	// AppliedAt is the virtual time of the Apply.
	AppliedAt time.Time
	// Outcome is "applied" or "skipped_stale".
	Outcome string
}

// Changes returns the settled change keys in the order they were recorded.
func (l *Ledger) Changes(ctx context.Context) ([]ChangeRecord, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, change_key, service_id, applied_at, outcome
		FROM changes ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChangeRecord
	for rows.Next() {
		var c ChangeRecord
		var at string
		if err := rows.Scan(&c.Seq, &c.Key, &c.ServiceID, &at, &c.Outcome); err != nil {
			return nil, err
		}
		if c.AppliedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OSValues returns a connection's OS value list as last applied, or
// ErrNotFound.
func (l *Ledger) OSValues(ctx context.Context, connection string) (rpc.OSValues, error) {
	v := rpc.OSValues{Connection: connection}
	var body string
	err := l.db.QueryRowContext(ctx, `SELECT key, body FROM os_values WHERE connection = ?`, connection).
		Scan(&v.Key, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return rpc.OSValues{}, fmt.Errorf("%w: OS values of %q", ErrNotFound, connection)
	}
	if err != nil {
		return rpc.OSValues{}, err
	}
	if err := json.Unmarshal([]byte(body), &v.Values); err != nil {
		return rpc.OSValues{}, fmt.Errorf("ledger: stored OS values of %q: %w", connection, err)
	}
	return v, nil
}
