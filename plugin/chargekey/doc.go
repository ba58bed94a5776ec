// Package chargekey builds the deterministic keys that make every money
// action and notification idempotent. The host applies an action at most
// once per key, so a repeated, overlapping or resumed synchronization run
// never charges twice.
//
// Keys are stable strings of colon-separated parts. Each id is escaped
// (any byte outside A-Z a-z 0-9 . _ ~ - becomes %XX), so no id can forge a
// separator and distinct inputs give distinct keys. Dates are the period
// start in UTC as YYYY-MM-DD.
package chargekey
