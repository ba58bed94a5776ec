package serve

import (
	"context"
	"errors"
	"io"

	"github.com/hashicorp/go-hclog"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

// DefaultMaxConcurrent is how many requests run at once unless told
// otherwise; more wait their turn.
const DefaultMaxConcurrent = 8

// Options tune a connection.
type Options struct {
	// Logger receives the module's logs; nil discards them.
	Logger hclog.Logger
	// MaxMessageBytes limits incoming messages; 0 means
	// rpc.DefaultMaxMessageBytes.
	MaxMessageBytes int64
	// MaxConcurrent bounds requests served at once; 0 means
	// DefaultMaxConcurrent.
	MaxConcurrent int
}

// NewModule builds the module for one connection, given the client it uses
// to call back to the host.
type NewModule func(host rpc.Host) rpc.Module

// Conn serves the module on rwc until the peer hangs up or ctx ends, then
// waits for the requests in flight to finish.
func Conn(ctx context.Context, rwc io.ReadWriteCloser, newModule NewModule, opts Options) error {
	log := opts.Logger
	if log == nil {
		log = hclog.NewNullLogger()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := newHandler(log, opts.MaxConcurrent)
	rwc = drainingCloser{ReadWriteCloser: rwc, h: h}
	conn := jsonrpc2.NewConn(ctx, rpc.Codec{MaxMessageBytes: opts.MaxMessageBytes}.NewStream(rwc), h,
		jsonrpc2.SetLogger(logAdapter{log}))
	h.bind(newModule(rpc.NewHostClient(conn)))
	select {
	case <-conn.DisconnectNotify():
		log.Debug("peer hung up")
	case <-ctx.Done():
		log.Debug("stopping")
	}
	cancel()
	h.wait()
	if err := conn.Close(); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		return err
	}
	return nil
}

// drainingCloser holds back the end of input until every request read so far
// has been answered: jsonrpc2 closes the whole stream, output included, as
// soon as a read fails, and a host that sends its last request and closes
// its end must still get the answer.
type drainingCloser struct {
	io.ReadWriteCloser
	h *handler
}

func (d drainingCloser) Read(p []byte) (int, error) {
	n, err := d.ReadWriteCloser.Read(p)
	if err != nil {
		d.h.wait()
	}
	return n, err
}

// logAdapter sends jsonrpc2's own messages (protocol errors) to hclog.
type logAdapter struct{ log hclog.Logger }

func (a logAdapter) Printf(format string, v ...any) {
	a.log.Warn("jsonrpc2", "message", trimNewline(format, v...))
}
