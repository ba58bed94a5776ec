package serve

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
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
	module      rpc.Module    // set once before ready is closed
	ready       chan struct{} // closed when module is set
	log         hclog.Logger
	sem         chan struct{}
	initialized atomic.Bool
	wg          sync.WaitGroup
}

func newHandler(log hclog.Logger, maxConcurrent int) *handler {
	if maxConcurrent <= 0 {
		maxConcurrent = DefaultMaxConcurrent
	}
	return &handler{ready: make(chan struct{}), log: log, sem: make(chan struct{}, maxConcurrent)}
}

// bind sets the module: the module needs the connection (to call back to the
// host) and the connection needs the handler, so the module comes last.
func (h *handler) bind(m rpc.Module) {
	h.module = m
	close(h.ready)
}

// Handle implements jsonrpc2.Handler.
func (h *handler) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		h.log.Debug("notification ignored", "method", req.Method)
		return
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		<-h.ready
		select {
		case h.sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		defer func() { <-h.sem }()
		h.reply(ctx, conn, req)
	}()
}

// wait blocks until every queued request has been answered or dropped.
func (h *handler) wait() { h.wg.Wait() }

func (h *handler) reply(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	start := time.Now()
	result, err := h.serve(ctx, req)
	resp := &jsonrpc2.Response{ID: req.ID}
	if err == nil {
		err = resp.SetResult(result)
	}
	if err != nil {
		resp.Error = rpc.ToJSONRPC(err)
	}
	if sendErr := conn.SendResponse(ctx, resp); sendErr != nil && sendErr != jsonrpc2.ErrClosed {
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
		result, err = rpc.DispatchModule(ctx, h.module, req)
		if err == nil {
			h.initialized.Store(true)
		}
		return result, err
	case !h.initialized.Load():
		return nil, rpc.Errorf(rpc.CodeNotInitialized, "", "call initialize first")
	}
	return rpc.DispatchModule(ctx, h.module, req)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
