//go:build !race

package ledger_test

// crashServices sizes the plan the crash and overlap tests apply: four
// changes per service, each its own transaction. crashRounds is how many
// times a helper is killed, at most maxKillDelay ms after it starts.
const (
	crashServices = 400
	crashRounds   = 3
	maxKillDelay  = 150 // milliseconds
)
