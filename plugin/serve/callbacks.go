package serve

import (
	"context"
	"fmt"
	"time"

	"osaddon/rpc"
)

// DefaultCallbackTimeout bounds a call back to the host unless told
// otherwise: a billing core that has not sent one page of services in a
// minute is not going to.
const DefaultCallbackTimeout = time.Minute

// callbacks is the rpc.Host the module gets: the host's client, each call
// bounded by a deadline. A call in flight when the connection stops fails
// with the stop's cause, since its answer could only come through the
// input that ended.
type callbacks struct {
	host    rpc.Host
	timeout time.Duration
}

// Services implements rpc.Host.
func (c callbacks) Services(ctx context.Context, p *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	timeout := c.timeout
	if timeout <= 0 {
		timeout = DefaultCallbackTimeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout,
		fmt.Errorf("serve: the host did not answer %s within %s (limits.callback_timeout)", rpc.MethodBillingServices, timeout))
	defer cancel()
	res, err := c.host.Services(ctx, p)
	if err != nil && ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return res, err
}

// Progress implements rpc.Host.
func (c callbacks) Progress(ctx context.Context, p *rpc.ProgressParams) { c.host.Progress(ctx, p) }
