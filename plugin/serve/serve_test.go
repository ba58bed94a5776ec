package serve_test

import (
	"context"
	"io"
	"testing"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
	"osaddon/rpc/rpctest"
)

// pipeEnd joins two io.Pipe halves into one end of a connection.
type pipeEnd struct {
	*io.PipeReader
	*io.PipeWriter
}

func (p pipeEnd) Close() error {
	p.PipeReader.Close()
	return p.PipeWriter.Close()
}

// inProcess serves the module on an io.Pipe and returns the host's client.
func inProcess(t *testing.T, limit int64) *host.Client {
	t.Helper()
	hostR, moduleW := io.Pipe()
	moduleR, hostW := io.Pipe()
	cfg := &config.Config{Limits: config.Limits{MaxMessageBytes: limit}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Conn(ctx, pipeEnd{moduleR, moduleW}, func(h rpc.Host) rpc.Module {
			return module.New(cfg, h, hclog.NewNullLogger())
		}, serve.Options{MaxMessageBytes: limit})
	}()
	c := host.Connect(ctx, pipeEnd{hostR, hostW}, host.Options{MaxMessageBytes: limit})
	t.Cleanup(func() {
		c.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve.Conn: %v", err)
		}
	})
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
