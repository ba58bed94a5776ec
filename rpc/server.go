package rpc

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// Module is the module's side of the contract: one method per host→module
// call. Embed UnimplementedModule to serve a subset; Features must then list
// exactly the methods really served.
type Module interface {
	// Features lists the host→module methods this build serves, besides
	// initialize. Dispatch answers CodeMethodNotFound for the others.
	Features() []string
	Initialize(context.Context, *InitializeParams) (*InitializeResult, error)
	CheckConnection(context.Context, *CheckConnectionParams) (*CheckConnectionResult, error)
	Quote(context.Context, *QuoteParams) (*QuoteResult, error)
	Open(context.Context, *OpenParams) (*OpenResult, error)
	Suspend(context.Context, *ServiceParams) (*ActionsResult, error)
	Resume(context.Context, *ServiceParams) (*ActionsResult, error)
	Close(context.Context, *ServiceParams) (*ActionsResult, error)
	SetParam(context.Context, *SetParamParams) (*ActionsResult, error)
	SyncServer(context.Context, *SyncServerParams) (*SyncServerResult, error)
}

// Host is the host's side of the contract: the callbacks the module makes
// while it serves a call.
type Host interface {
	// Services returns one page of a connection's services.
	Services(context.Context, *ServicesParams) (*ServicesResult, error)
	// Progress receives a progress notification; it must not block long.
	Progress(context.Context, *ProgressParams)
}

// UnimplementedModule answers CodeMethodNotFound for every method but
// Initialize, which a Module must always implement.
type UnimplementedModule struct{}

func notServed(method string) error {
	return Errorf(CodeMethodNotFound, "", "method %q is not served by this build", method)
}

// CheckConnection implements Module.
func (UnimplementedModule) CheckConnection(context.Context, *CheckConnectionParams) (*CheckConnectionResult, error) {
	return nil, notServed(MethodCheckConnection)
}

// Quote implements Module.
func (UnimplementedModule) Quote(context.Context, *QuoteParams) (*QuoteResult, error) {
	return nil, notServed(MethodQuote)
}

// Open implements Module.
func (UnimplementedModule) Open(context.Context, *OpenParams) (*OpenResult, error) {
	return nil, notServed(MethodOpen)
}

// Suspend implements Module.
func (UnimplementedModule) Suspend(context.Context, *ServiceParams) (*ActionsResult, error) {
	return nil, notServed(MethodSuspend)
}

// Resume implements Module.
func (UnimplementedModule) Resume(context.Context, *ServiceParams) (*ActionsResult, error) {
	return nil, notServed(MethodResume)
}

// Close implements Module.
func (UnimplementedModule) Close(context.Context, *ServiceParams) (*ActionsResult, error) {
	return nil, notServed(MethodClose)
}

// SetParam implements Module.
func (UnimplementedModule) SetParam(context.Context, *SetParamParams) (*ActionsResult, error) {
	return nil, notServed(MethodSetParam)
}

// SyncServer implements Module.
func (UnimplementedModule) SyncServer(context.Context, *SyncServerParams) (*SyncServerResult, error) {
	return nil, notServed(MethodSyncServer)
}

// DispatchModule is the one dispatch function of the module: it checks the
// method is served, decodes the params once, strictly, and calls m. Errors
// come back as *Error; the caller maps them with ToJSONRPC.
func DispatchModule(ctx context.Context, m Module, req *jsonrpc2.Request) (any, error) {
	if req.Method != MethodInitialize && !slices.Contains(m.Features(), req.Method) {
		return nil, notServed(req.Method)
	}
	switch req.Method {
	case MethodInitialize:
		return call(ctx, req, m.Initialize)
	case MethodCheckConnection:
		return call(ctx, req, m.CheckConnection)
	case MethodQuote:
		return call(ctx, req, m.Quote)
	case MethodOpen:
		return call(ctx, req, m.Open)
	case MethodSuspend:
		return call(ctx, req, m.Suspend)
	case MethodResume:
		return call(ctx, req, m.Resume)
	case MethodClose:
		return call(ctx, req, m.Close)
	case MethodSetParam:
		return call(ctx, req, m.SetParam)
	case MethodSyncServer:
		return call(ctx, req, m.SyncServer)
	}
	return nil, notServed(req.Method)
}

// DispatchHost is the host's dispatch function for the module's callbacks.
// A notification's result is nil.
func DispatchHost(ctx context.Context, h Host, req *jsonrpc2.Request) (any, error) {
	switch req.Method {
	case MethodBillingServices:
		return call(ctx, req, h.Services)
	case MethodProgress:
		var p ProgressParams
		if err := DecodeParams(req.Params, &p); err != nil {
			return nil, err
		}
		h.Progress(ctx, &p)
		return nil, nil
	}
	return nil, Errorf(CodeMethodNotFound, "", "method %q is not served by the host", req.Method)
}

// call decodes the params into a fresh P and calls fn.
func call[P, R any](ctx context.Context, req *jsonrpc2.Request, fn func(context.Context, *P) (*R, error)) (any, error) {
	var p P
	if err := DecodeParams(req.Params, &p); err != nil {
		return nil, err
	}
	if v, ok := any(&p).(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	return fn(ctx, &p)
}

// DecodeParams decodes raw params into v strictly: params must be an object,
// unknown fields are refused, and a wrong type names its field. Errors are
// *Error with CodeInvalidParams.
func DecodeParams(raw *json.RawMessage, v any) error {
	if raw == nil || string(*raw) == "null" {
		return Errorf(CodeInvalidParams, "params", "required")
	}
	dec := json.NewDecoder(bytes.NewReader(*raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, err := dec.Token(); err != io.EOF {
			return Errorf(CodeInvalidParams, "params", "trailing data after the params object")
		}
		return nil
	}
	return paramsError(err, *raw, reflect.TypeOf(v))
}

// paramsError turns a json decoding error into an InvalidParams *Error that
// names the field by its wire path and says what was wrong in JSON terms
// (see fieldFault).
func paramsError(err error, raw []byte, t reflect.Type) *Error {
	var e *Error
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &syntaxErr):
		return Errorf(CodeInvalidParams, "params", "malformed JSON at offset %d", syntaxErr.Offset)
	}
	if path, msg := fieldFault(raw, t, "", true); msg != "" {
		return Errorf(CodeInvalidParams, cmp.Or(path, "params"), "%s", msg)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return Errorf(CodeInvalidParams, typeErr.Field, "expected %s, got JSON %s", describeType(typeErr.Type), typeErr.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return Errorf(CodeInvalidParams, strings.Trim(name, `"`), "unknown field")
	}
	return Errorf(CodeInvalidParams, "params", "cannot be decoded")
}

// DecodeParamsBytes is DecodeParams for a byte slice.
func DecodeParamsBytes(data []byte, v any) error {
	raw := json.RawMessage(data)
	return DecodeParams(&raw, v)
}
