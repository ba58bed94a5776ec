//go:build race

package ledger_test

// The race detector slows the transpiled SQLite about twentyfold; the
// crash and overlap tests shrink their plan to stay within seconds.
const (
	crashServices = 40
	crashRounds   = 2
)
