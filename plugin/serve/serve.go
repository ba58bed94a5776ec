package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

// DefaultMaxConcurrent is how many requests run at once unless told
// otherwise; more wait their turn.
const DefaultMaxConcurrent = 8

// StopTimeout is how long calls in flight have to answer once the
// connection stops (its input ends or ctx ends) before it closes anyway.
// It keeps the module's exit within 2 s of the end of its input, whatever
// is in flight.
const StopTimeout = 1500 * time.Millisecond

// Sentinel errors.
var (
	// ErrInputEnded: the host closed the module's input. It is the cause
	// of every call the end of input cancelled.
	ErrInputEnded = errors.New("serve: the host closed the connection")
	// ErrStopped: the module was told to stop (a signal, go-plugin's
	// quit, or its host went away).
	ErrStopped = errors.New("serve: the module is stopping")
	// ErrHostGone: in go-plugin mode, the host process that launched the
	// module exited, and its control connection with it.
	ErrHostGone = errors.New("serve: the host process exited")
	// ErrBrokenStream: the input is not Content-Length framed messages, or
	// ended in the middle of one. Conn returns it wrapping the reason.
	ErrBrokenStream = errors.New("serve: broken input stream")
)

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
	// CallbackTimeout bounds each call back to the host; 0 means
	// DefaultCallbackTimeout.
	CallbackTimeout time.Duration
}

// NewModule builds the module for one connection, given the client it uses
// to call back to the host.
type NewModule func(host rpc.Host) rpc.Module

// Conn serves the module on rwc until its input ends or ctx ends. Then it
// cancels the calls in flight, which fails their pending callbacks, sends
// the answers they still give within StopTimeout, closes rwc and returns.
// It returns nil after a clean end of input or ctx, and an error wrapping
// ErrBrokenStream when the input was broken.
func Conn(ctx context.Context, rwc io.ReadWriteCloser, newModule NewModule, opts Options) error {
	log := opts.Logger
	if log == nil {
		log = hclog.NewNullLogger()
	}
	calls, stopCalls := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stopCalls(nil)
	h := newHandler(calls, log, opts.MaxConcurrent)
	stream := &endingStream{
		ObjectStream: rpc.Codec{MaxMessageBytes: opts.MaxMessageBytes}.NewStream(rwc),
		ended:        make(chan struct{}),
		release:      make(chan struct{}),
	}
	conn := jsonrpc2.NewConn(context.Background(), stream, h, jsonrpc2.SetLogger(logAdapter{log}))
	h.bind(newModule(callbacks{host: rpc.NewHostClient(conn), timeout: opts.CallbackTimeout}))
	var readErr error
	select {
	case <-stream.ended:
		readErr = stream.err
		stopCalls(ErrInputEnded)
	case <-ctx.Done():
		cause := context.Cause(ctx)
		if !errors.Is(cause, ErrHostGone) {
			cause = ErrStopped
		}
		stopCalls(cause)
	}
	if n := h.pending.count(); n > 0 {
		log.Warn("stopping with calls in flight: cancelling them", "calls", n, "cause", context.Cause(calls).Error())
	}
	if n := h.pending.waitIdle(StopTimeout); n > 0 {
		log.Error("calls abandoned: no answer after cancel", "calls", n, "waited", StopTimeout.String())
	}
	close(stream.release)
	if err := conn.Close(); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		log.Debug("closing the connection", "error", err)
	}
	if readErr != nil && !errors.Is(readErr, io.EOF) {
		return fmt.Errorf("%w: %v", ErrBrokenStream, readErr)
	}
	return nil
}

// endingStream reports the end of input and holds it back from jsonrpc2
// until Conn releases it: jsonrpc2 closes the whole stream, output
// included, as soon as a read fails, and the calls cut short must still be
// answered.
type endingStream struct {
	jsonrpc2.ObjectStream
	once    sync.Once
	err     error         // the read error, set before ended is closed
	ended   chan struct{} // closed when a read fails
	release chan struct{} // closed when the read error may go to jsonrpc2
}

// ReadObject implements jsonrpc2.ObjectStream.
func (s *endingStream) ReadObject(v any) error {
	err := s.ObjectStream.ReadObject(v)
	if err != nil {
		s.once.Do(func() {
			s.err = err
			close(s.ended)
		})
		<-s.release
	}
	return err
}

// logAdapter sends jsonrpc2's own messages (protocol errors) to hclog.
type logAdapter struct{ log hclog.Logger }

func (a logAdapter) Printf(format string, v ...any) {
	a.log.Warn("jsonrpc2", "message", trimNewline(format, v...))
}
