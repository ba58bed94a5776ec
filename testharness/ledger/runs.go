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

// Run is one synchronization run as the host recorded it.
type Run struct {
	// ID is the run id sent to the module.
	ID string
	// Connection is the connection synced.
	Connection string
	// AsOf is the run's virtual time.
	AsOf time.Time
	// StartedAt is when StartRun recorded it: AsOf.
	StartedAt time.Time
	// FinishedAt is zero while the run is unfinished.
	FinishedAt time.Time
	// DryRun marks a run whose actions are never applied.
	DryRun bool
	// Outcome is FinishRun's word for the run, such as "ok" or "error".
	Outcome string
	// Summary is the module's summary, once finished.
	Summary *rpc.SyncSummary
}

// StartRun records the start of a run at its virtual time asOf. Starting
// an unfinished run again with the same connection and dry-run flag is
// allowed, so a harness restarted after a crash can resume it; any other
// reuse of the id is ErrRunExists.
func (l *Ledger) StartRun(ctx context.Context, runID, connection string, asOf time.Time, dryRun bool) error {
	if runID == "" || connection == "" {
		return fmt.Errorf("%w: run id and connection are required", ErrInvalid)
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		var conn string
		var dry bool
		var finished sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT connection, dry_run, finished_at FROM runs WHERE run_id = ?`, runID).
			Scan(&conn, &dry, &finished)
		if err == nil {
			if conn == connection && dry == dryRun && !finished.Valid {
				return nil
			}
			return fmt.Errorf("%w: %q", ErrRunExists, runID)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO runs (run_id, connection, as_of, started_at, dry_run)
			VALUES (?, ?, ?, ?, ?)`, runID, connection, formatTime(asOf), formatTime(asOf), dryRun)
		return err
	})
}

// FinishRun records the end of a run at virtual time at, with the module's
// summary and an outcome word.
func (l *Ledger) FinishRun(ctx context.Context, runID string, summary rpc.SyncSummary, outcome string, at time.Time) error {
	body, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	return l.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE run_id = ?`,
			formatTime(at), outcome, string(body), runID)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, fmt.Errorf("%w: run %q", ErrNotFound, runID))
		}
		return nil
	})
}

// Runs returns every run in the order they started, ties by id.
func (l *Ledger) Runs(ctx context.Context) ([]Run, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT run_id, connection, as_of, started_at, finished_at, dry_run,
		outcome, summary FROM runs ORDER BY started_at, run_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var asOf, started string
		var finished, summary sql.NullString
		if err := rows.Scan(&r.ID, &r.Connection, &asOf, &started, &finished, &r.DryRun, &r.Outcome, &summary); err != nil {
			return nil, err
		}
		if r.AsOf, err = parseTime(asOf); err != nil {
			return nil, err
		}
		if r.StartedAt, err = parseTime(started); err != nil {
			return nil, err
		}
		if finished.Valid {
			if r.FinishedAt, err = parseTime(finished.String); err != nil {
				return nil, err
			}
		}
		if summary.Valid {
			r.Summary = new(rpc.SyncSummary)
			if err := json.Unmarshal([]byte(summary.String), r.Summary); err != nil {
				return nil, fmt.Errorf("ledger: run %q summary: %w", r.ID, err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
