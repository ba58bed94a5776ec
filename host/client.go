package host

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	goplugin "github.com/hashicorp/go-plugin"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

// Client is a running module. Its embedded rpc.ModuleClient has one typed
// method per call; errors the module answers are *rpc.Error.
type Client struct {
	*rpc.ModuleClient
	conn    *jsonrpc2.Conn
	proc    *process         // nil when connected in-process
	plugin  *goplugin.Client // nil unless launched by go-plugin
	info    atomic.Pointer[rpc.InitializeResult]
	stopAll time.Duration
}

// Connect runs the host's end of a connection over rwc, such as an io.Pipe
// to a module served in the same process. Launch uses it too.
func Connect(ctx context.Context, rwc io.ReadWriteCloser, opts Options) *Client {
	opts.defaults()
	return newClient(ctx, rwc, opts)
}

func newClient(ctx context.Context, rwc io.ReadWriteCloser, opts Options) *Client {
	h := notificationsInOrder{jsonrpc2.HandlerWithError(
		func(ctx context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if opts.Host == nil {
				return nil, rpc.Errorf(rpc.CodeMethodNotFound, "", "%v", ErrNoCallbacks)
			}
			res, err := rpc.DispatchHost(ctx, opts.Host, req)
			if err != nil {
				return nil, rpc.ToJSONRPC(err)
			}
			return res, nil
		})}
	conn := jsonrpc2.NewConn(context.WithoutCancel(ctx), rpc.Codec{MaxMessageBytes: opts.MaxMessageBytes}.NewStream(rwc), h)
	return &Client{ModuleClient: rpc.NewModuleClient(conn), conn: conn, stopAll: opts.StopTimeout}
}

// notificationsInOrder runs each request on its own goroutine, so a slow
// billing/services page never blocks the connection, but handles
// notifications ($/progress) on the reader, in the order they were sent.
type notificationsInOrder struct{ h jsonrpc2.Handler }

func (n notificationsInOrder) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		n.h.Handle(ctx, conn, req)
		return
	}
	go n.h.Handle(ctx, conn, req)
}

// Initialize calls initialize and keeps the answer for Info. The module
// answers it once per connection; Launch has already made that call.
func (c *Client) Initialize(ctx context.Context, p *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	info, err := c.ModuleClient.Initialize(ctx, p)
	if err == nil {
		c.info.Store(info)
	}
	return info, err
}

// Info is the module's answer to initialize, made by Launch, or nil while
// the connection is not initialized.
func (c *Client) Info() *rpc.InitializeResult { return c.info.Load() }

// Pid is the module's process id, or 0 when it runs in-process.
func (c *Client) Pid() int {
	if c.proc == nil || c.proc.cmd.Process == nil {
		return 0
	}
	return c.proc.cmd.Process.Pid
}

// Done is closed when the module's process has exited and its log has been
// forwarded.
func (c *Client) Done() <-chan struct{} {
	if c.proc == nil {
		return c.conn.DisconnectNotify()
	}
	return c.proc.done
}

// Close stops the module gracefully and waits for it to exit. Under
// go-plugin the module is asked to quit over go-plugin's control channel
// (killed after 2 s); in stdio mode its stdin is closed, so it cancels
// what is in flight and exits within 2 s, and it is killed after
// Options.StopTimeout.
func (c *Client) Close() error {
	if c.plugin != nil {
		c.plugin.Kill()
	}
	err := c.conn.Close()
	if err == jsonrpc2.ErrClosed {
		err = nil
	}
	if c.proc == nil {
		return err
	}
	select {
	case <-c.proc.done:
	case <-time.After(c.stopAll):
		c.Kill()
	}
	return err
}

// Kill stops the module at once.
func (c *Client) Kill() {
	_ = c.conn.Close()
	if c.plugin != nil {
		c.plugin.Kill()
	}
	if c.proc != nil {
		_ = c.proc.Kill(context.Background())
		<-c.proc.done
	}
}
