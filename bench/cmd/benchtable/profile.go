package main

import (
	"context"
	"io"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
)

// inProcess serves the module in this process on an io.Pipe, so that one
// CPU profile (-cpuprofile) covers the module, the host and the ledger.
func inProcess(ctx context.Context, configPath string, opts host.Options) (*host.Client, func(), error) {
	cfg, _, err := config.Load(configPath)
	if err != nil {
		return nil, nil, err
	}
	hostR, moduleW := io.Pipe()
	moduleR, hostW := io.Pipe()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- serve.Conn(ctx, pipeEnd{moduleR, moduleW}, func(h rpc.Host) rpc.Module {
			return module.New(cfg, h, hclog.NewNullLogger())
		}, serve.Options{MaxMessageBytes: cfg.Limits.MaxMessageBytes})
	}()
	c := host.Connect(ctx, pipeEnd{hostR, hostW}, opts)
	if _, err := c.Initialize(ctx, hello(0)); err != nil {
		cancel()
		return nil, nil, err
	}
	return c, func() { c.Close(); cancel(); <-done }, nil
}

// pipeEnd joins two io.Pipe halves into one end of a connection.
type pipeEnd struct {
	*io.PipeReader
	*io.PipeWriter
}

func (p pipeEnd) Close() error {
	p.PipeReader.Close()
	return p.PipeWriter.Close()
}

// startProfile starts a CPU profile into path; the returned func stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
