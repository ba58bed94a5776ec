package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"osaddon/plugin/serve"
	"osaddon/rpc"
)

// exitBound is how soon after the end of its input a connection must be
// closed, whatever is in flight.
const exitBound = 2 * time.Second

// callbackModule calls the host from syncserver, as the real sync does,
// and never returns from check_connection until release is closed,
// whatever its context says: the worst a handler can do.
type callbackModule struct {
	rpc.UnimplementedModule
	host    rpc.Host
	entered chan struct{} // told when check_connection starts
	release chan struct{}
}

func (m *callbackModule) Features() []string {
	return []string{rpc.MethodSyncServer, rpc.MethodCheckConnection}
}

func (m *callbackModule) Initialize(context.Context, *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	return &rpc.InitializeResult{ProtocolVersion: rpc.ProtocolVersion, Module: rpc.Peer{Name: "pmosaddon"}}, nil
}

func (m *callbackModule) SyncServer(ctx context.Context, p *rpc.SyncServerParams) (*rpc.SyncServerResult, error) {
	if _, err := m.host.Services(ctx, &rpc.ServicesParams{Connection: p.Connection, Limit: 10}); err != nil {
		return nil, rpc.Errorf(rpc.CodeHostCallback, "", "billing/services: %v", err)
	}
	return &rpc.SyncServerResult{RunID: p.RunID}, nil
}

func (m *callbackModule) CheckConnection(context.Context, *rpc.CheckConnectionParams) (*rpc.CheckConnectionResult, error) {
	m.entered <- struct{}{}
	<-m.release
	return &rpc.CheckConnectionResult{}, nil
}

// rawHost is a host that speaks raw frames, so that it can close the
// module's input and still read its output.
type rawHost struct {
	t        *testing.T
	module   *callbackModule
	input    io.WriteCloser // the module's input
	messages chan map[string]any
	done     chan error // serve.Conn's result
}

func startRaw(t *testing.T, opts serve.Options) *rawHost {
	t.Helper()
	hostR, moduleW := io.Pipe()
	moduleR, hostW := io.Pipe()
	m := &callbackModule{entered: make(chan struct{}, 1), release: make(chan struct{})}
	h := &rawHost{t: t, module: m, input: hostW, messages: make(chan map[string]any, 16), done: make(chan error, 1)}
	go func() {
		h.done <- serve.Conn(context.Background(), pipeEnd{moduleR, moduleW}, func(host rpc.Host) rpc.Module {
			m.host = host
			return m
		}, opts)
	}()
	go func() {
		defer close(h.messages)
		r := bufio.NewReader(hostR)
		for {
			var msg map[string]any
			if err := (rpc.Codec{}).ReadObject(r, &msg); err != nil {
				return
			}
			h.messages <- msg
		}
	}()
	t.Cleanup(func() {
		close(m.release)
		hostW.Close()
		hostR.Close()
	})
	h.send(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocol_version":1,"host":{"name":"t"}}}`)
	if msg := h.recv(); msg["id"] != "init" || msg["error"] != nil {
		t.Fatalf("initialize: %v", msg)
	}
	return h
}

func (h *rawHost) send(body string) {
	h.t.Helper()
	if _, err := io.WriteString(h.input, "Content-Length: "+itoa(len(body))+"\r\n\r\n"+body); err != nil {
		h.t.Fatal(err)
	}
}

// recv returns the module's next message; nil when its output ended.
func (h *rawHost) recv() map[string]any {
	h.t.Helper()
	select {
	case msg := <-h.messages:
		return msg
	case <-time.After(10 * time.Second):
		h.t.Fatal("no message from the module in 10 s")
		return nil
	}
}

// closeInput closes the module's input and returns how long serve.Conn
// took to return after it.
func (h *rawHost) closeInput() (time.Duration, error) {
	h.t.Helper()
	start := time.Now()
	h.input.Close()
	select {
	case err := <-h.done:
		return time.Since(start), err
	case <-time.After(10 * time.Second):
		h.t.Fatal("serve.Conn still running 10 s after its input ended")
		return 0, nil
	}
}

// closeInputCleanly closes the module's input and checks serve.Conn
// returns nil within exitBound.
func (h *rawHost) closeInputCleanly() {
	h.t.Helper()
	if took, err := h.closeInput(); err != nil || took > exitBound {
		h.t.Fatalf("serve.Conn returned %v after %s, want nil within %s", err, took, exitBound)
	}
}

const syncBody = `{"jsonrpc":"2.0","id":2,"method":"syncserver","params":{"connection":"vm5","run_id":"r","as_of":"2026-03-11T04:30:00Z"}}`

// syncUntilCallback starts a syncserver call (id 2) and returns once the
// module has called billing/services, which the host leaves unanswered.
func (h *rawHost) syncUntilCallback() {
	h.t.Helper()
	h.send(syncBody)
	if msg := h.recv(); msg["method"] != rpc.MethodBillingServices {
		h.t.Fatalf("got %v, want the billing/services callback", msg)
	}
}

// errorOf returns the code and message of an error answer to id.
func errorOf(t *testing.T, msg map[string]any, id float64) (rpc.Code, string) {
	t.Helper()
	e, _ := msg["error"].(map[string]any)
	if msg["id"] != id || e == nil {
		t.Fatalf("message %v, want an error answer to %v", msg, id)
	}
	return rpc.Code(e["code"].(float64)), e["message"].(string)
}

// TestEndOfInputMidCallback: the host closes the module's input while
// syncserver waits for its billing/services answer. The callback fails at
// once, syncserver is answered with the reason, and the connection closes.
func TestEndOfInputMidCallback(t *testing.T) {
	h := startRaw(t, serve.Options{})
	h.syncUntilCallback()
	h.closeInputCleanly()
	code, message := errorOf(t, h.recv(), 2)
	if code != rpc.CodeHostCallback || !strings.Contains(message, "the host closed the connection") {
		t.Fatalf("syncserver answered %d %q, want %d naming the closed connection", code, message, rpc.CodeHostCallback)
	}
	if msg := h.recv(); msg != nil {
		t.Fatalf("after the answer: %v, want the end of output", msg)
	}
}

// TestCallbackDeadline: a host that never answers billing/services fails
// the sync after limits.callback_timeout, and the connection serves on.
func TestCallbackDeadline(t *testing.T) {
	h := startRaw(t, serve.Options{CallbackTimeout: 50 * time.Millisecond})
	h.syncUntilCallback()
	code, message := errorOf(t, h.recv(), 2)
	if code != rpc.CodeHostCallback || !strings.Contains(message, "did not answer billing/services within 50ms (limits.callback_timeout)") {
		t.Fatalf("syncserver answered %d %q, want %d naming the deadline", code, message, rpc.CodeHostCallback)
	}
	h.send(`{"jsonrpc":"2.0","id":3,"method":"frobnicate","params":{}}`)
	if code, _ := errorOf(t, h.recv(), 3); code != rpc.CodeMethodNotFound {
		t.Fatalf("after the deadline: code %d, want %d", code, rpc.CodeMethodNotFound)
	}
}

// TestEndOfInputBoundsAStuckCall: a handler that ignores its cancelled
// context does not hold the connection open past the bound, and a call
// still waiting for its turn is answered -32006.
func TestEndOfInputBoundsAStuckCall(t *testing.T) {
	h := startRaw(t, serve.Options{MaxConcurrent: 1})
	h.send(`{"jsonrpc":"2.0","id":2,"method":"check_connection","params":{}}`)
	<-h.module.entered // call 2 holds the only slot
	h.send(`{"jsonrpc":"2.0","id":3,"method":"check_connection","params":{}}`)
	h.closeInputCleanly()
	code, message := errorOf(t, h.recv(), 3)
	if code != rpc.CodeStopping || !strings.Contains(message, "the host closed the connection") {
		t.Fatalf("the queued call answered %d %q, want %d", code, message, rpc.CodeStopping)
	}
	if msg := h.recv(); msg != nil {
		t.Fatalf("the stuck call was answered: %v", msg)
	}
}

// TestBrokenInputStream: input that is not framed messages, or that ends
// inside one, ends the connection with ErrBrokenStream; a clean end does
// not.
func TestBrokenInputStream(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		broken      bool
	}{
		{"clean end", "", false},
		{"garbage", "hello, module\r\n\r\n", true},
		{"ends inside a body", "Content-Length: 40\r\n\r\n{\"jsonrpc\"", true},
		{"ends inside a header", "Content-Len", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startRaw(t, serve.Options{})
			if _, err := io.WriteString(h.input, tc.input); err != nil {
				t.Fatal(err)
			}
			_, err := h.closeInput()
			if got := errors.Is(err, serve.ErrBrokenStream); got != tc.broken {
				t.Fatalf("serve.Conn = %v, want broken: %t", err, tc.broken)
			}
		})
	}
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

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
