package vmfake

import (
	"testing"

	"osaddon/plugin/vmmanager"
)

// NewCluster starts n fakes of one kind, as one module's several nodes
// (processing modules), so a test can break one and check the others go
// on. kind is vmmanager.KindV5 or vmmanager.KindV6.
func NewCluster(tb testing.TB, kind string, n int) []*Fake {
	tb.Helper()
	nodes := make([]*Fake, n)
	for i := range nodes {
		if kind == vmmanager.KindV6 {
			nodes[i] = NewV6(tb)
		} else {
			nodes[i] = NewV5(tb)
		}
	}
	return nodes
}
