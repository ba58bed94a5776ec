package rpctest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"osaddon/rpc"
)

// Caller is the part of a client a conversation needs.
type Caller interface {
	Initialize(context.Context, *rpc.InitializeParams) (*rpc.InitializeResult, error)
	Call(ctx context.Context, method string, params, result any) error
}

// Foundation runs the basic conversation: an unsupported protocol version,
// initialize (unless c was initialized already: it has an Info method that
// says so, as host.Client does), initialize twice, an unknown method,
// bad params, an oversized message, and the module still answering
// afterwards. maxMessageBytes is the module's limit; features is what it
// must report.
func Foundation(t *testing.T, c Caller, maxMessageBytes int64, features []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hello := &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion, Host: rpc.Peer{Name: "rpctest", Version: "1"}}
	var info *rpc.InitializeResult
	if launched, ok := c.(interface{ Info() *rpc.InitializeResult }); ok {
		info = launched.Info()
	}
	t.Run("unsupported protocol", func(t *testing.T) {
		_, err := c.Initialize(ctx, &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion + 1, Host: hello.Host})
		wantCode(t, err, rpc.CodeUnsupportedProtocol, "protocol_version")
	})
	t.Run("initialize", func(t *testing.T) {
		if info == nil {
			var err error
			if info, err = c.Initialize(ctx, hello); err != nil {
				t.Fatalf("initialize: %v", err)
			}
		}
		if info.ProtocolVersion != rpc.ProtocolVersion || info.Module.Name != "pmosaddon" {
			t.Errorf("initialize = protocol %d module %q, want %d pmosaddon", info.ProtocolVersion, info.Module.Name, rpc.ProtocolVersion)
		}
		if strings.Join(info.Features, ",") != strings.Join(features, ",") {
			t.Errorf("features = %q, want %q", info.Features, features)
		}
		if info.MaxMessageBytes != maxMessageBytes {
			t.Errorf("max_message_bytes = %d, want %d", info.MaxMessageBytes, maxMessageBytes)
		}
	})
	t.Run("initialize twice", func(t *testing.T) {
		_, err := c.Initialize(ctx, hello)
		wantCode(t, err, rpc.CodeAlreadyInitialized, "")
	})
	t.Run("unknown method", func(t *testing.T) {
		err := c.Call(ctx, "frobnicate", map[string]any{}, new(any))
		wantCode(t, err, rpc.CodeMethodNotFound, "")
	})
	t.Run("bad params name the field", func(t *testing.T) {
		err := c.Call(ctx, rpc.MethodInitialize, map[string]any{"protocol_version": "one", "host": map[string]any{"name": "x"}}, new(any))
		wantCode(t, err, rpc.CodeInvalidParams, "protocol_version")
		err = c.Call(ctx, rpc.MethodInitialize, map[string]any{"protocol_version": 1, "host": map[string]any{}}, new(any))
		wantCode(t, err, rpc.CodeInvalidParams, "host.name")
		err = c.Call(ctx, rpc.MethodInitialize, map[string]any{"protocol_version": 1, "host": map[string]any{"name": "x"}, "colour": "red"}, new(any))
		wantCode(t, err, rpc.CodeInvalidParams, "colour")
		err = c.Call(ctx, rpc.MethodInitialize, nil, new(any))
		wantCode(t, err, rpc.CodeInvalidParams, "params")
	})
	t.Run("oversized message", func(t *testing.T) {
		big := &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion, Host: rpc.Peer{Name: strings.Repeat("x", int(maxMessageBytes))}}
		_, err := c.Initialize(ctx, big)
		wantCode(t, err, rpc.CodeMessageTooLarge, "")
	})
	t.Run("alive afterwards", func(t *testing.T) {
		err := c.Call(ctx, "frobnicate", map[string]any{}, new(any))
		wantCode(t, err, rpc.CodeMethodNotFound, "")
	})
}

func wantCode(t *testing.T, err error, code rpc.Code, field string) {
	t.Helper()
	var e *rpc.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *rpc.Error with code %d", err, err, code)
	}
	if e.Code != code {
		t.Errorf("code = %d (%s), want %d", e.Code, e.Message, code)
	}
	if e.Field != field {
		t.Errorf("field = %q (%s), want %q", e.Field, e.Message, field)
	}
}
