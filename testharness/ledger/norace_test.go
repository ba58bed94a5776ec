//go:build !race

package ledger_test

// crashServices sizes the plan the crash and overlap tests apply: four
// changes per service, each its own transaction. crashRounds is how many
// times a helper is killed, each after a random number of changes.
const (
	crashServices = 400
	crashRounds   = 3
)
