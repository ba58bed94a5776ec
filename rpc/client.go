package rpc

import (
	"context"

	"github.com/sourcegraph/jsonrpc2"
)

// ModuleClient calls the module from the host, one typed method per call.
// Errors the module answers come back as *Error.
type ModuleClient struct {
	conn *jsonrpc2.Conn
}

// NewModuleClient returns a client over conn.
func NewModuleClient(conn *jsonrpc2.Conn) *ModuleClient { return &ModuleClient{conn: conn} }

func invoke[R any](ctx context.Context, conn *jsonrpc2.Conn, method string, params any) (*R, error) {
	var r R
	if err := conn.Call(ctx, method, params, &r); err != nil {
		return nil, FromJSONRPC(err)
	}
	return &r, nil
}

// Initialize calls initialize.
func (c *ModuleClient) Initialize(ctx context.Context, p *InitializeParams) (*InitializeResult, error) {
	return invoke[InitializeResult](ctx, c.conn, MethodInitialize, p)
}

// CheckConnection calls check_connection.
func (c *ModuleClient) CheckConnection(ctx context.Context, p *CheckConnectionParams) (*CheckConnectionResult, error) {
	return invoke[CheckConnectionResult](ctx, c.conn, MethodCheckConnection, p)
}

// Quote calls quote.
func (c *ModuleClient) Quote(ctx context.Context, p *QuoteParams) (*QuoteResult, error) {
	return invoke[QuoteResult](ctx, c.conn, MethodQuote, p)
}

// Open calls open.
func (c *ModuleClient) Open(ctx context.Context, p *OpenParams) (*OpenResult, error) {
	return invoke[OpenResult](ctx, c.conn, MethodOpen, p)
}

// Suspend calls suspend.
func (c *ModuleClient) Suspend(ctx context.Context, p *ServiceParams) (*ActionsResult, error) {
	return invoke[ActionsResult](ctx, c.conn, MethodSuspend, p)
}

// Resume calls resume.
func (c *ModuleClient) Resume(ctx context.Context, p *ServiceParams) (*ActionsResult, error) {
	return invoke[ActionsResult](ctx, c.conn, MethodResume, p)
}

// CloseService calls close: the service is closed and its VM deleted. It is
// not named Close so that a client can also be an io.Closer of its
// connection (host.Client is).
func (c *ModuleClient) CloseService(ctx context.Context, p *ServiceParams) (*ActionsResult, error) {
	return invoke[ActionsResult](ctx, c.conn, MethodClose, p)
}

// SetParam calls setparam.
func (c *ModuleClient) SetParam(ctx context.Context, p *SetParamParams) (*ActionsResult, error) {
	return invoke[ActionsResult](ctx, c.conn, MethodSetParam, p)
}

// SyncServer calls syncserver.
func (c *ModuleClient) SyncServer(ctx context.Context, p *SyncServerParams) (*SyncServerResult, error) {
	return invoke[SyncServerResult](ctx, c.conn, MethodSyncServer, p)
}

// Call sends any method with raw params, for tests and tools that probe the
// module with calls outside the typed set.
func (c *ModuleClient) Call(ctx context.Context, method string, params, result any) error {
	return FromJSONRPC(c.conn.Call(ctx, method, params, result))
}

// HostClient calls the host from the module while it serves a call. It
// implements Host.
type HostClient struct {
	conn *jsonrpc2.Conn
}

// NewHostClient returns a client over conn.
func NewHostClient(conn *jsonrpc2.Conn) *HostClient { return &HostClient{conn: conn} }

// Services calls billing/services.
func (c *HostClient) Services(ctx context.Context, p *ServicesParams) (*ServicesResult, error) {
	return invoke[ServicesResult](ctx, c.conn, MethodBillingServices, p)
}

// Progress sends a $/progress notification; a failure to send is dropped,
// since progress is advisory.
func (c *HostClient) Progress(ctx context.Context, p *ProgressParams) {
	_ = c.conn.Notify(ctx, MethodProgress, p)
}
