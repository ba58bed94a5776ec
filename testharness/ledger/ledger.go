package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"osaddon/rpc"
)

// schemaVersion is stored in PRAGMA user_version. Bump it, and migrate in
// migrate, whenever a table changes. Version 2 keeps the template in the
// service's params under OSParam and counts periods from an anchor.
const schemaVersion = 2

// busyTimeout is how long a writer waits for another writer, in this
// process or another, before SQLite reports SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// schema creates every table; each statement is idempotent.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS accounts (
		id           TEXT PRIMARY KEY,
		currency     TEXT NOT NULL,
		balance      TEXT NOT NULL,
		credit_limit TEXT NOT NULL
	) STRICT`,
	// A tariff is kept whole as its rpc.Tariff JSON: it is read and written
	// whole, and JSON keeps every price's digits exactly.
	`CREATE TABLE IF NOT EXISTS tariffs (
		id   TEXT PRIMARY KEY,
		body TEXT NOT NULL
	) STRICT`,
	// tariff_id has no foreign key on purpose: a scenario may reference a
	// tariff missing from the catalog to see the module refuse it.
	`CREATE TABLE IF NOT EXISTS services (
		id            TEXT PRIMARY KEY,
		account_id    TEXT NOT NULL REFERENCES accounts(id),
		tariff_id     TEXT NOT NULL,
		period_months INTEGER NOT NULL,
		period_start  TEXT NOT NULL,
		period_end    TEXT NOT NULL,
		addon_value   TEXT NOT NULL,
		vm_id         TEXT NOT NULL,
		connection    TEXT NOT NULL,
		status        TEXT NOT NULL,
		revision      INTEGER NOT NULL,
		params        TEXT NOT NULL DEFAULT '{}',
		-- anchor is the service's first day; period ends are counted from
		-- it: the current period ends anchor_months after it, month ends
		-- clamped.
		anchor        TEXT NOT NULL,
		anchor_months INTEGER NOT NULL
	) STRICT`,
	`CREATE INDEX IF NOT EXISTS services_by_connection ON services(connection, id)`,
	// entries is the money ledger: a money key is taken at most once.
	`CREATE TABLE IF NOT EXISTS entries (
		seq           INTEGER PRIMARY KEY AUTOINCREMENT,
		money_key     TEXT NOT NULL UNIQUE,
		change_key    TEXT NOT NULL,
		service_id    TEXT NOT NULL REFERENCES services(id),
		account_id    TEXT NOT NULL REFERENCES accounts(id),
		kind          TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
		amount        TEXT NOT NULL,
		currency      TEXT NOT NULL,
		balance_after TEXT NOT NULL,
		period_start  TEXT NOT NULL,
		period_end    TEXT NOT NULL,
		description   TEXT NOT NULL,
		created_at    TEXT NOT NULL
	) STRICT`,
	// changes records every change key the ledger has settled for good:
	// applied, or refused as stale (see Apply). A change refused for
	// insufficient funds is not recorded, so the next run retries it.
	`CREATE TABLE IF NOT EXISTS changes (
		seq        INTEGER PRIMARY KEY AUTOINCREMENT,
		change_key TEXT NOT NULL UNIQUE,
		service_id TEXT NOT NULL,
		applied_at TEXT NOT NULL,
		outcome    TEXT NOT NULL CHECK (outcome IN ('applied', 'skipped_stale'))
	) STRICT`,
	`CREATE TABLE IF NOT EXISTS notifications (
		seq        INTEGER PRIMARY KEY AUTOINCREMENT,
		key        TEXT NOT NULL UNIQUE,
		kind       TEXT NOT NULL,
		audience   TEXT NOT NULL,
		service_id TEXT NOT NULL,
		vm_id      TEXT NOT NULL,
		connection TEXT NOT NULL,
		template   TEXT NOT NULL,
		value      TEXT NOT NULL,
		message    TEXT NOT NULL,
		change_key TEXT NOT NULL,
		created_at TEXT NOT NULL
	) STRICT`,
	`CREATE TABLE IF NOT EXISTS os_values (
		connection TEXT PRIMARY KEY,
		key        TEXT NOT NULL,
		body       TEXT NOT NULL,
		updated_at TEXT NOT NULL
	) STRICT`,
	`CREATE TABLE IF NOT EXISTS runs (
		run_id      TEXT PRIMARY KEY,
		connection  TEXT NOT NULL,
		as_of       TEXT NOT NULL,
		started_at  TEXT NOT NULL,
		finished_at TEXT,
		dry_run     INTEGER NOT NULL,
		outcome     TEXT NOT NULL DEFAULT '',
		summary     TEXT
	) STRICT`,
	// expires_at is Unix nanoseconds, so expiry compares as a number.
	`CREATE TABLE IF NOT EXISTS leases (
		name        TEXT PRIMARY KEY,
		holder      TEXT NOT NULL,
		expires_at  INTEGER NOT NULL,
		acquired_at TEXT NOT NULL
	) STRICT`,
}

// Ledger is the billing core's state in one SQLite file. It is safe for
// concurrent use, and several Ledgers, in this process or others, may open
// the same file at once.
type Ledger struct {
	db   *sql.DB
	path string
}

// Open opens or creates the database at path, in WAL mode with a busy
// timeout and foreign keys on, and creates the schema if it is missing.
// Every transaction begins IMMEDIATE: it takes the write lock first, so two
// writers queue instead of failing on a lock upgrade.
func Open(path string) (*Ledger, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("%w: database path %q", ErrInvalid, path)
	}
	dsn := path + "?_txlock=immediate" +
		fmt.Sprintf("&_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("ledger: open %s: %w", path, err)
	}
	l := &Ledger{db: db, path: path}
	if err := l.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}

// Path returns the database file's path.
func (l *Ledger) Path() string { return l.path }

// Close closes the database. A transaction in flight is rolled back, as it
// would be if the process died.
func (l *Ledger) Close() error { return l.db.Close() }

// migrate creates the schema under the write lock, so two processes opening
// a new file at once do not race, and records its version.
func (l *Ledger) migrate(ctx context.Context) error {
	return l.write(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
			return err
		}
		if version != 0 && version != schemaVersion {
			// A ledger lives for one scenario's runs: one of another
			// version is recreated, not migrated.
			return fmt.Errorf("%w: %s has version %d, this build knows %d only: remove it", ErrSchemaVersion, l.path, version, schemaVersion)
		}
		for _, stmt := range schema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("ledger: create schema: %w", err)
			}
		}
		if version == schemaVersion {
			return nil
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
		return err
	})
}

// write runs fn in one IMMEDIATE transaction and commits it, or rolls it
// back if fn fails. A SQLITE_BUSY at BEGIN (the busy timeout ran out, or a
// WAL snapshot moved) is retried a few times.
func (l *Ledger) write(ctx context.Context, fn func(*sql.Tx) error) error {
	var tx *sql.Tx
	var err error
	for attempt := 0; ; attempt++ {
		tx, err = l.db.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || attempt == 3 {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("ledger: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("ledger: commit: %w", err)
	}
	return nil
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// timeLayout is RFC 3339 in UTC with a fixed nine fractional digits, so
// that stored times sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime renders t as the text every time column holds.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("ledger: stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// Compile-time check that Host serves the host's side of the contract.
var _ rpc.Host = (*Host)(nil)
