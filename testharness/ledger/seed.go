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

// PutTariff adds a tariff to the catalog or replaces it whole; changing a
// price is putting the tariff again.
func (l *Ledger) PutTariff(ctx context.Context, t rpc.Tariff) error {
	if t.ID == "" {
		return fmt.Errorf("%w: tariff id is empty", ErrInvalid)
	}
	body, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("ledger: tariff %q: %w", t.ID, err)
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tariffs (id, body) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body`, t.ID, string(body))
		return err
	})
}

// Tariff returns a tariff of the catalog.
func (l *Ledger) Tariff(ctx context.Context, id string) (rpc.Tariff, error) {
	var body string
	err := l.db.QueryRowContext(ctx, `SELECT body FROM tariffs WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return rpc.Tariff{}, fmt.Errorf("%w: tariff %q", ErrNotFound, id)
	}
	if err != nil {
		return rpc.Tariff{}, err
	}
	var t rpc.Tariff
	if err := json.Unmarshal([]byte(body), &t); err != nil {
		return rpc.Tariff{}, fmt.Errorf("ledger: stored tariff %q: %w", id, err)
	}
	return t, nil
}

// PutAccount creates an account or replaces its currency, balance and
// credit limit. Amounts are stored canonically in the currency: "100"
// EUR is kept as "100.00".
func (l *Ledger) PutAccount(ctx context.Context, a rpc.Account) error {
	acc, err := parseAccount(a)
	if err != nil {
		return err
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, currency, balance, credit_limit) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET currency = excluded.currency,
				balance = excluded.balance, credit_limit = excluded.credit_limit`,
			acc.id, acc.currency.Code(), canonical(acc.balance, acc.currency), canonical(acc.limit, acc.currency))
		return err
	})
}

// parseAccount checks a wire account for seeding: an id, a known currency,
// a plain balance and a credit limit not negative (empty means zero).
func parseAccount(a rpc.Account) (account, error) {
	if a.ID == "" {
		return account{}, fmt.Errorf("%w: account id is empty", ErrInvalid)
	}
	cur, err := parseCurrency(a.Currency)
	if err != nil {
		return account{}, fmt.Errorf("%w: account %q: %v", ErrInvalid, a.ID, err)
	}
	balance, err := parseAmount(string(a.Balance))
	if err != nil {
		return account{}, fmt.Errorf("%w: account %q: balance: %v", ErrInvalid, a.ID, err)
	}
	limit := decimal.Zero
	if a.CreditLimit != "" {
		if limit, err = parseAmount(string(a.CreditLimit)); err != nil || limit.IsNegative() {
			return account{}, fmt.Errorf("%w: account %q: credit limit %q", ErrInvalid, a.ID, a.CreditLimit)
		}
	}
	return account{id: a.ID, currency: cur, balance: balance, limit: limit}, nil
}

// TopUp adds a positive amount to an account's balance, in one
// transaction.
func (l *Ledger) TopUp(ctx context.Context, accountID string, amount rpc.Amount) error {
	d, err := parseAmount(string(amount))
	if err != nil || !d.IsPositive() {
		return fmt.Errorf("%w: top-up of %q: want a positive amount", ErrInvalid, amount)
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		acc, err := loadAccount(ctx, tx, accountID)
		if err != nil {
			return err
		}
		return setBalance(ctx, tx, acc, acc.balance.Add(d))
	})
}

// Account returns an account with its balance now.
func (l *Ledger) Account(ctx context.Context, id string) (rpc.Account, error) {
	var a rpc.Account
	err := l.db.QueryRowContext(ctx, `SELECT id, currency, balance, credit_limit FROM accounts WHERE id = ?`, id).
		Scan(&a.ID, &a.Currency, &a.Balance, &a.CreditLimit)
	if errors.Is(err, sql.ErrNoRows) {
		return rpc.Account{}, fmt.Errorf("%w: account %q", ErrNotFound, id)
	}
	return a, err
}

// PutService creates a service or replaces it; its account must exist.
// A new service keeps the revision given. Replacing one is an edit, and
// every edit moves the revision, as every applied change does: the stored
// revision becomes max(given, stored+1). So a change planned before the
// edit carries an old key and can never match the service again (see
// Apply on stale changes).
func (l *Ledger) PutService(ctx context.Context, s rpc.Service) error {
	if s.ID == "" {
		return fmt.Errorf("%w: service id is empty", ErrInvalid)
	}
	if s.Account.ID == "" {
		return fmt.Errorf("%w: service %q has no account id", ErrInvalid, s.ID)
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		revision := s.Revision
		var stored int64
		err := tx.QueryRowContext(ctx, `SELECT revision FROM services WHERE id = ?`, s.ID).Scan(&stored)
		switch {
		case err == nil:
			revision = max(revision, stored+1)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		params, err := serviceParams(s)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO services (id, account_id, tariff_id, period_months,
				period_start, period_end, addon_value, vm_id, connection, status, revision, params, anchor, anchor_months)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, tariff_id = excluded.tariff_id,
				period_months = excluded.period_months, period_start = excluded.period_start,
				period_end = excluded.period_end, addon_value = excluded.addon_value, vm_id = excluded.vm_id,
				connection = excluded.connection, status = excluded.status, revision = excluded.revision,
				params = json_patch(services.params, excluded.params),
				anchor = excluded.anchor, anchor_months = excluded.anchor_months`,
			s.ID, s.Account.ID, s.TariffID, s.PeriodMonths, formatTime(s.PeriodStart), formatTime(s.PeriodEnd),
			s.AddonValue, s.VMID, s.Connection, s.Status, revision, params, formatTime(s.PeriodStart), monthsBetween(s.PeriodStart, s.PeriodEnd))
		if err != nil {
			return fmt.Errorf("ledger: put service %q (account %q): %w", s.ID, s.Account.ID, err)
		}
		return nil
	})
}

// serviceColumns selects a service joined with its account, in the order
// scanService reads them.
const serviceColumns = `s.id, s.tariff_id, s.period_months, s.period_start, s.period_end,
	s.addon_value, s.vm_id, s.connection, s.status, s.revision, s.params, s.anchor, s.anchor_months,
	a.id, a.currency, a.balance, a.credit_limit
	FROM services s JOIN accounts a ON a.id = s.account_id`

// storedService is a service row with its extra params and its anchor:
// the current period ends anchorMonths after anchor, the service's first
// day (see calendar.PeriodEnd).
type storedService struct {
	rpc.Service
	params       map[string]string
	anchor       time.Time
	anchorMonths int
}

func scanService(row interface{ Scan(...any) error }) (storedService, error) {
	var s storedService
	var start, end, params, anchor string
	err := row.Scan(&s.ID, &s.TariffID, &s.PeriodMonths, &start, &end,
		&s.AddonValue, &s.VMID, &s.Connection, &s.Status, &s.Revision, &params, &anchor, &s.anchorMonths,
		&s.Account.ID, &s.Account.Currency, &s.Account.Balance, &s.Account.CreditLimit)
	if err != nil {
		return storedService{}, err
	}
	if s.PeriodStart, err = parseTime(start); err != nil {
		return storedService{}, err
	}
	if s.PeriodEnd, err = parseTime(end); err != nil {
		return storedService{}, err
	}
	if s.anchor, err = parseTime(anchor); err != nil {
		return storedService{}, err
	}
	if err := json.Unmarshal([]byte(params), &s.params); err != nil {
		return storedService{}, fmt.Errorf("ledger: service %q params: %w", s.ID, err)
	}
	if len(s.params) > 0 {
		s.Service.Params = maps.Clone(s.params)
	}
	return s, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadService(ctx context.Context, q queryer, id string) (storedService, error) {
	s, err := scanService(q.QueryRowContext(ctx, `SELECT `+serviceColumns+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return storedService{}, fmt.Errorf("%w: service %q", ErrNotFound, id)
	}
	return s, err
}

// Service returns a service joined with its account (balance and credit
// limit now) and its current revision.
func (l *Ledger) Service(ctx context.Context, id string) (rpc.Service, error) {
	s, err := loadService(ctx, l.db, id)
	return s.Service, err
}

// ServiceParams returns the service's params other than vm_id (a column
// of the service), such as OSParam, "ip" and "cpus".
func (l *Ledger) ServiceParams(ctx context.Context, id string) (map[string]string, error) {
	s, err := loadService(ctx, l.db, id)
	return s.params, err
}

// account is an account row with its amounts parsed.
type account struct {
	id       string
	currency currencyOf
	balance  decimal.Decimal
	limit    decimal.Decimal
}

func loadAccount(ctx context.Context, q queryer, id string) (account, error) {
	var code, balance, limit string
	err := q.QueryRowContext(ctx, `SELECT currency, balance, credit_limit FROM accounts WHERE id = ?`, id).
		Scan(&code, &balance, &limit)
	if errors.Is(err, sql.ErrNoRows) {
		return account{}, fmt.Errorf("%w: account %q", ErrNotFound, id)
	}
	if err != nil {
		return account{}, err
	}
	acc := account{id: id}
	if acc.currency, err = parseCurrency(code); err != nil {
		return account{}, fmt.Errorf("ledger: stored account %q: %w", id, err)
	}
	if acc.balance, err = decimal.NewFromString(balance); err != nil {
		return account{}, fmt.Errorf("ledger: stored account %q balance: %w", id, err)
	}
	if acc.limit, err = decimal.NewFromString(limit); err != nil {
		return account{}, fmt.Errorf("ledger: stored account %q credit limit: %w", id, err)
	}
	return acc, nil
}

func setBalance(ctx context.Context, tx *sql.Tx, acc account, balance decimal.Decimal) error {
	_, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = ? WHERE id = ?`, canonical(balance, acc.currency), acc.id)
	return err
}

// OSParam is the internal name of the emulated core's "Operating system"
// parameter, as BILLmanager names it: a service keeps its template in its
// params under this name, and every tariff's add-on carries the same
// internal name.
const OSParam = "ostempl"

// serviceParams is a service's params as stored, JSON. The ledger speaks
// protocol 2: the template travels in Params under OSParam, never in
// OSTemplate.
func serviceParams(s rpc.Service) (string, error) {
	if s.OSTemplate != "" {
		return "", fmt.Errorf("%w: service %q: the template goes in params[%q], not os_template", ErrInvalid, s.ID, OSParam)
	}
	if s.Params == nil {
		return "{}", nil
	}
	body, err := json.Marshal(s.Params)
	return string(body), err
}

// monthsBetween counts the calendar months from start's month to end's:
// a period seeded as 31 January → 29 February is one month from its
// anchor.
func monthsBetween(start, end time.Time) int {
	return (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month())
}
