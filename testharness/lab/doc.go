// Package lab runs a scenario the way a billing core lives it: it starts a
// fake VMmanager on loopback, seeds the ledger (SQLite), launches the real
// module binary through the host SDK, walks the virtual clock through the
// scenario's events and the cron's ticks, applies what the module returns
// exactly once, and checks the expectations at the end.
package lab
