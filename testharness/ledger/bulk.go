package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"osaddon/rpc"
)

// SeedBulk inserts many new accounts and services in one transaction, for
// benchmarks that need a million services: PutAccount and PutService take
// one synchronous transaction each. Amounts are stored canonically, as
// PutAccount stores them; services keep the revision given. Every id must
// be new: an existing one fails the whole seed and nothing is written.
func (l *Ledger) SeedBulk(ctx context.Context, accounts []rpc.Account, services []rpc.Service) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		acc, err := tx.PrepareContext(ctx, `INSERT INTO accounts (id, currency, balance, credit_limit) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer acc.Close()
		for _, a := range accounts {
			p, err := parseAccount(a)
			if err != nil {
				return err
			}
			if _, err := acc.ExecContext(ctx, p.id, p.currency.Code(), canonical(p.balance, p.currency), canonical(p.limit, p.currency)); err != nil {
				return fmt.Errorf("ledger: seed account %q: %w", a.ID, err)
			}
		}
		svc, err := tx.PrepareContext(ctx, `INSERT INTO services (id, account_id, tariff_id, period_months,
				period_start, period_end, addon_value, vm_id, connection, status, revision, params, anchor, anchor_months)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer svc.Close()
		for _, s := range services {
			if s.ID == "" || s.Account.ID == "" {
				return fmt.Errorf("%w: service %q: id and account id are required", ErrInvalid, s.ID)
			}
			params, err := serviceParams(s)
			if err != nil {
				return err
			}
			_, err = svc.ExecContext(ctx, s.ID, s.Account.ID, s.TariffID, s.PeriodMonths, formatTime(s.PeriodStart),
				formatTime(s.PeriodEnd), s.AddonValue, s.VMID, s.Connection, s.Status, s.Revision, params,
				formatTime(s.PeriodStart), monthsBetween(s.PeriodStart, s.PeriodEnd))
			if err != nil {
				return fmt.Errorf("ledger: seed service %q (account %q): %w", s.ID, s.Account.ID, err)
			}
		}
		return nil
	})
}
