// Package ledger is the emulated billing core's state on an embedded SQLite
// database (modernc.org/sqlite, no cgo): the catalog, accounts, services,
// the money ledger, notifications, the OS value lists, sync runs and a lease
// that keeps two harness processes from running the same sync at once.
//
// Apply applies the module's actions the way docs/PROTOCOL.md says a host
// must: every change with its key in one transaction, every key at most
// once, every money key at most once. The keys are UNIQUE in the schema, so
// two processes applying the same plan to the same file, or a process that
// is killed and reruns its plan, can neither lose nor duplicate a charge.
//
// Amounts are stored as canonical decimal strings in the account's currency
// ("10.00", JPY "150"); no float ever holds money. Times are RFC 3339 UTC
// text and come from the caller, so a harness on a virtual clock gets a
// reproducible ledger.
package ledger
