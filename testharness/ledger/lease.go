package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AcquireLease takes or renews the lease name for holder until now+ttl,
// and reports whether holder has it. It fails (false) while another holder
// has an unexpired lease. The check and the take are one IMMEDIATE
// transaction, so of two processes ticking the same database at once only
// one gets the lease. Times are the caller's (virtual) clock.
func (l *Ledger) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, fmt.Errorf("%w: lease needs a name, a holder and a positive ttl", ErrInvalid)
	}
	var got bool
	err := l.write(ctx, func(tx *sql.Tx) error {
		var current string
		var expires int64
		err := tx.QueryRowContext(ctx, `SELECT holder, expires_at FROM leases WHERE name = ?`, name).
			Scan(&current, &expires)
		switch {
		case err == nil:
			if current != holder && expires > now.UnixNano() {
				return nil
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
				acquired_at = excluded.acquired_at`,
			name, holder, now.Add(ttl).UnixNano(), formatTime(now))
		got = err == nil
		return err
	})
	return got, err
}

// ReleaseLease gives up the lease name if holder has it; releasing a lease
// held by another, or by nobody, does nothing.
func (l *Ledger) ReleaseLease(ctx context.Context, name, holder string) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
		return err
	})
}

// LeaseHolder returns who holds the lease name and until when; an empty
// holder means nobody does.
func (l *Ledger) LeaseHolder(ctx context.Context, name string) (holder string, until time.Time, err error) {
	var expires int64
	err = l.db.QueryRowContext(ctx, `SELECT holder, expires_at FROM leases WHERE name = ?`, name).Scan(&holder, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, err
	}
	return holder, time.Unix(0, expires).UTC(), nil
}
