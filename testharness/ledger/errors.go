package ledger

import "errors"

// Sentinel errors; callers match them with errors.Is.
var (
	// ErrNotFound reports an account, service, tariff or run that is not
	// in the database.
	ErrNotFound = errors.New("ledger: not found")
	// ErrInvalid reports seeding input the ledger refuses: an empty id, a
	// bad amount or currency.
	ErrInvalid = errors.New("ledger: invalid input")
	// ErrDryRun reports an attempt to apply the actions of a dry run.
	ErrDryRun = errors.New("ledger: a dry run's actions are never applied")
	// ErrRunExists reports a run id already used for another or a finished
	// run.
	ErrRunExists = errors.New("ledger: run already exists")
	// ErrInsufficientFunds reports an order the account cannot pay.
	ErrInsufficientFunds = errors.New("ledger: insufficient funds")
	// ErrSchemaVersion reports a database written by another schema
	// version than this build's.
	ErrSchemaVersion = errors.New("ledger: database schema is not this build's")
)

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
