package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"osaddon/rpc"
)

// Move moves a service to another tariff or period length, as the billing
// core does once the module has accepted the move (setparam): it applies
// the module's actions and then, when every change went through (applied,
// or already applied) and none was left waiting for funds, sets the
// service's tariff and period length, bumping its revision. The current
// period keeps its dates; the next renewal is at the new tariff and
// length. Otherwise the service keeps its tariff and period, and moved is
// false.
func (l *Ledger) Move(ctx context.Context, serviceID, tariffID string, months int, actions []rpc.Action, at time.Time) (ApplyReport, bool, error) {
	if _, err := l.Tariff(ctx, tariffID); err != nil {
		return ApplyReport{}, false, err
	}
	rep, err := l.Apply(ctx, actions, at)
	if err != nil {
		return rep, false, err
	}
	for i, res := range rep.Results {
		n := actions[i].Notification
		if n != nil && n.Kind == rpc.NoticeInsufficientFunds {
			return rep, false, nil // the module left the move unpaid
		}
		if res.Type == rpc.ActionChange && res.Outcome != Applied && res.Outcome != Duplicate {
			return rep, false, nil
		}
	}
	err = l.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE services SET tariff_id = ?, period_months = ?, revision = revision + 1
			WHERE id = ?`, tariffID, months, serviceID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: service %q", ErrNotFound, serviceID)
		}
		return nil
	})
	return rep, err == nil, err
}
