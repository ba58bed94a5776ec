package serve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

// handler is the connection's jsonrpc2.Handler. Handle only queues: each
// request runs on its own goroutine, so a handler waiting on a callback to
// the host never blocks the connection's reader (which must read that
// callback's answer).
type handler struct {
	module  rpc.Module    // set once before ready is closed
	ready   chan struct{} // closed when module is set
	log     hclog.Logger
	sem     chan struct{}
	calls   context.Context // every call's context, cancelled when the connection stops
	pending pendingCalls
	init    initializeOnce
}

func newHandler(calls context.Context, log hclog.Logger, maxConcurrent int) *handler {
	if maxConcurrent <= 0 {
		maxConcurrent = DefaultMaxConcurrent
	}
	return &handler{ready: make(chan struct{}), log: log, sem: make(chan struct{}, maxConcurrent), calls: calls}
}

// bind sets the module: the module needs the connection (to call back to the
// host) and the connection needs the handler, so the module comes last.
func (h *handler) bind(m rpc.Module) {
	h.module = m
	h.init.Module = m
	close(h.ready)
}

// Handle implements jsonrpc2.Handler.
func (h *handler) Handle(_ context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		h.log.Debug("notification ignored", "method", req.Method)
		return
	}
	h.pending.add()
	go func() {
		defer h.pending.done()
		start := time.Now()
		<-h.ready
		select {
		case h.sem <- struct{}{}:
		case <-h.calls.Done():
			// Stopping: a call read before the stop still runs if a slot
			// is free (it may not need its context, as initialize does
			// not); one queued behind busy slots is answered now.
			select {
			case h.sem <- struct{}{}:
			default:
				h.send(conn, req, start, nil, h.stopping())
				return
			}
		}
		defer func() { <-h.sem }()
		result, err := h.serve(h.calls, req)
		if err != nil && h.calls.Err() != nil && rpc.CodeOf(err) == 0 {
			err = h.stopping() // cancelled, not broken
		}
		h.send(conn, req, start, result, err)
	}()
}

// stopping is the error of a call the connection's stop cut short.
func (h *handler) stopping() error {
	return rpc.Errorf(rpc.CodeStopping, "", "%v", context.Cause(h.calls))
}

// send answers req and logs the call.
func (h *handler) send(conn *jsonrpc2.Conn, req *jsonrpc2.Request, start time.Time, result any, err error) {
	resp := &jsonrpc2.Response{ID: req.ID}
	if err == nil {
		err = resp.SetResult(result)
	}
	if err != nil {
		resp.Error = rpc.ToJSONRPC(err)
	}
	if sendErr := conn.SendResponse(context.Background(), resp); sendErr != nil && !errors.Is(sendErr, jsonrpc2.ErrClosed) {
		h.log.Error("sending response failed", "method", req.Method, "id", req.ID.String(), "error", sendErr)
	}
	elapsed := time.Since(start)
	if resp.Error != nil {
		h.log.Warn("call failed", "method", req.Method, "id", req.ID.String(), "code", resp.Error.Code,
			"error", resp.Error.Message, "cause", errString(err), "duration", elapsed.String())
		return
	}
	h.log.Debug("call served", "method", req.Method, "id", req.ID.String(), "duration", elapsed.String())
}

// serve answers one request; it never panics.
func (h *handler) serve(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("handler panicked", "method", req.Method, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			result, err = nil, rpc.Errorf(rpc.CodeInternalError, "", "internal error")
		}
	}()
	switch {
	case req.Method == rpc.MethodRejected:
		return nil, rpc.Rejection(req)
	case req.Method == rpc.MethodInitialize:
		return rpc.DispatchModule(ctx, &h.init, req)
	case !h.init.done():
		return nil, rpc.Errorf(rpc.CodeNotInitialized, "", "call initialize first")
	}
	return rpc.DispatchModule(ctx, h.module, req)
}

// initializeOnce answers the first successful initialize of a connection
// and refuses the next ones, after their params were checked. A wrong
// protocol version is refused as such, whenever it comes.
type initializeOnce struct {
	rpc.Module
	mu          sync.Mutex
	initialized bool
}

// Initialize implements rpc.Module.
func (o *initializeOnce) Initialize(ctx context.Context, p *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.initialized && rpc.SupportedProtocol(p.ProtocolVersion) {
		return nil, rpc.Errorf(rpc.CodeAlreadyInitialized, "", "already initialized: initialize is answered once per connection")
	}
	res, err := o.Module.Initialize(ctx, p)
	o.initialized = o.initialized || err == nil
	return res, err
}

func (o *initializeOnce) done() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.initialized
}

// pendingCalls counts the requests read and not yet answered.
type pendingCalls struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to zero; nil when nobody waits
}

func (p *pendingCalls) add() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}

func (p *pendingCalls) done() {
	p.mu.Lock()
	if p.n--; p.n == 0 && p.idle != nil {
		close(p.idle)
		p.idle = nil
	}
	p.mu.Unlock()
}

func (p *pendingCalls) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// waitIdle waits up to d for every call to be answered and returns how many
// are still in flight.
func (p *pendingCalls) waitIdle(d time.Duration) int {
	p.mu.Lock()
	if p.n == 0 {
		p.mu.Unlock()
		return 0
	}
	if p.idle == nil {
		p.idle = make(chan struct{})
	}
	idle := p.idle
	p.mu.Unlock()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-idle:
		return 0
	case <-timer.C:
		return p.count()
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
