package serve_test

import (
	"context"
	"testing"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/inproc"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
	"osaddon/rpc/rpctest"
)

// inProcess serves the module on an io.Pipe and returns the host's client.
func inProcess(t *testing.T, limit int64) *host.Client {
	t.Helper()
	cfg := &config.Config{Limits: config.Limits{MaxMessageBytes: limit}}
	rwc := inproc.Serve(t, func(h rpc.Host) rpc.Module {
		return module.New(cfg, h, hclog.NewNullLogger())
	}, serve.Options{MaxMessageBytes: limit})
	c := host.Connect(context.Background(), rwc, host.Options{MaxMessageBytes: limit})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestInProcessConversation(t *testing.T) {
	rpctest.Foundation(t, inProcess(t, 64<<10), 64<<10, module.New(nil, nil, hclog.NewNullLogger()).Features())
}

func TestCallBeforeInitialize(t *testing.T) {
	c := inProcess(t, 0)
	_, err := c.SyncServer(context.Background(), &rpc.SyncServerParams{})
	if rpc.CodeOf(err) != rpc.CodeNotInitialized {
		t.Fatalf("error = %v, want code %d", err, rpc.CodeNotInitialized)
	}
}
