package module_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"osaddon/rpc"
)

// TestFeaturesListEveryHandler pins the handlers this build serves.
func TestFeaturesListEveryHandler(t *testing.T) {
	c := inProcess(t, nil, newBilling())
	info := c.Info() // the answer to the connection's one initialize
	want := []string{"quote", "open", "suspend", "resume", "close", "setparam", "syncserver", "check_connection"}
	if got := info.Features; !slices.Equal(got, want) {
		t.Fatalf("features = %q, want %q", got, want)
	}
}

// TestUnconfiguredModuleSaysSo: without a config, handlers that need
// VMmanager answer CodeNotConfigured, not a missing method.
func TestUnconfiguredModuleSaysSo(t *testing.T) {
	c := inProcess(t, nil, newBilling())
	_, err := c.SyncServer(context.Background(), &rpc.SyncServerParams{Connection: "vm5", RunID: "r", AsOf: time.Now()})
	if rpc.CodeOf(err) != rpc.CodeNotConfigured {
		t.Fatalf("syncserver error = %v, want code %d", err, rpc.CodeNotConfigured)
	}
}
