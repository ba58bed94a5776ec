package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// SetStatus sets a service's status, as the billing core does when an
// order is opened or a service suspended.
func (l *Ledger) SetStatus(ctx context.Context, serviceID, status string) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE services SET status = ?, revision = revision + 1 WHERE id = ?`, status, serviceID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: service %q", ErrNotFound, serviceID)
		}
		return nil
	})
}

// SetServiceParam sets one of a service's extra params, such as "cpus",
// which renewals of per-core values read.
func (l *Ledger) SetServiceParam(ctx context.Context, serviceID, name, value string) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		svc, err := loadService(ctx, tx, serviceID)
		if err != nil {
			return err
		}
		params := svc.params
		if params == nil {
			params = map[string]string{}
		}
		params[name] = value
		body, err := json.Marshal(params)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE services SET params = ? WHERE id = ?`, string(body), serviceID)
		return err
	})
}
