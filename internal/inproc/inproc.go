// Package inproc serves a module on in-memory pipes, for tests that talk
// to it without starting a process.
package inproc

import (
	"context"
	"io"
	"testing"

	"osaddon/plugin/serve"
)

// Serve runs serve.Conn for newModule on a pair of io.Pipes and returns the
// host's end. When the test ends, the host's end is closed, the module
// stops, and an error from serve.Conn fails the test.
func Serve(tb testing.TB, newModule serve.NewModule, opts serve.Options) io.ReadWriteCloser {
	tb.Helper()
	hostR, moduleW := io.Pipe()
	moduleR, hostW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve.Conn(ctx, end{moduleR, moduleW}, newModule, opts) }()
	hostEnd := end{hostR, hostW}
	tb.Cleanup(func() {
		hostEnd.Close()
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("serve.Conn: %v", err)
		}
	})
	return hostEnd
}

// end joins two io.Pipe halves into one end of a connection.
type end struct {
	*io.PipeReader
	*io.PipeWriter
}

// Close closes both halves.
func (e end) Close() error {
	e.PipeReader.Close()
	return e.PipeWriter.Close()
}
