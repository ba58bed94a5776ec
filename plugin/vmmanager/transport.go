package vmmanager

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/hashicorp/go-hclog"
)

// Transport sends the HTTP calls of one connection with its per-call
// timeout, bounded retries with back-off and jitter, TLS settings and
// answer size limit. Both adapters use it.
type Transport struct {
	cfg    Config
	client *http.Client
	log    hclog.Logger
}

// NewTransport validates cfg, applies the defaults and builds a Transport.
// TLS certificates are verified unless cfg.InsecureSkipVerify is set.
func NewTransport(cfg Config, logger hclog.Logger) (*Transport, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // explicit per-connection opt-out
	}
	return &Transport{
		cfg:    cfg,
		client: &http.Client{Transport: tr},
		log:    logger.Named(cfg.Name),
	}, nil
}

// Config returns the connection's config, defaults applied.
func (t *Transport) Config() Config { return t.cfg }

// Logger returns the connection's logger.
func (t *Transport) Logger() hclog.Logger { return t.log }

// Call is one logical request, possibly sent several times.
type Call struct {
	// Op names the operation in errors and logs.
	Op string
	// Idempotent calls are retried on transport errors and 5xx answers;
	// others (creates) are sent once.
	Idempotent bool
	// Build makes a fresh request for each attempt, bound to ctx.
	Build func(ctx context.Context) (*http.Request, error)
	// Handle reads an answer with a status below 500. Its body is capped at
	// MaxResponseBytes. Its error is returned as is and never retried.
	Handle func(*http.Response) error
}

// Do runs c. Errors other than those of Handle are *Error values of kind
// ErrUnreachable.
func (t *Transport) Do(ctx context.Context, c Call) error {
	attempts := 1
	if c.Idempotent {
		attempts += int(t.cfg.Retries)
	}
	var last error
	for attempt := 1; attempt <= attempts; attempt++ {
		if attempt > 1 {
			wait := backoffDelay(t.cfg.Backoff, attempt-1)
			t.log.Warn("retrying panel call", "op", c.Op, "attempt", attempt, "wait", wait, "error", last.Error())
			if err := sleepCtx(ctx, wait); err != nil {
				return t.Fail(c.Op, ErrUnreachable, 0, "cancelled while backing off", err)
			}
		}
		var retry bool
		retry, last = t.attempt(ctx, c)
		if !retry {
			return last
		}
		if ctx.Err() != nil {
			return t.Fail(c.Op, ErrUnreachable, 0, ctx.Err().Error(), ctx.Err())
		}
	}
	return last
}

// attempt sends c once and says whether a failure may be retried.
func (t *Transport) attempt(ctx context.Context, c Call) (retry bool, err error) {
	actx, cancel := context.WithTimeout(ctx, t.cfg.Timeout)
	defer cancel()
	req, err := c.Build(actx)
	if err != nil {
		return false, t.Fail(c.Op, ErrRejected, 0, "building the request", err)
	}
	resp, err := t.client.Do(req)
	if err != nil {
		err = redactErr(err)
		return true, t.Fail(c.Op, ErrUnreachable, 0, err.Error(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return true, t.Fail(c.Op, ErrUnreachable, resp.StatusCode, http.StatusText(resp.StatusCode), nil)
	}
	resp.Body = &limitedBody{ReadCloser: resp.Body, max: t.cfg.MaxResponseBytes, fail: func() error {
		return t.Fail(c.Op, ErrMalformed, resp.StatusCode, fmt.Sprintf("answer exceeds max_response_bytes=%d", t.cfg.MaxResponseBytes), nil)
	}}
	err = c.Handle(resp)
	if err != nil && actx.Err() != nil && !errors.Is(err, ErrUnreachable) {
		// The body broke off because time ran out, not because it was bad.
		return false, t.Fail(c.Op, ErrUnreachable, resp.StatusCode, "timed out reading the answer", actx.Err())
	}
	return false, err
}

// Fail builds an *Error for this connection.
func (t *Transport) Fail(op string, kind error, code int, msg string, cause error) *Error {
	return &Error{Op: op, Node: t.cfg.Name, Kind: kind, Code: code, Msg: msg, Err: cause}
}

// limitedBody fails once more than max bytes were read.
type limitedBody struct {
	io.ReadCloser
	n, max int64
	fail   func() error
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > l.max-l.n+1 {
		p = p[:l.max-l.n+1]
	}
	n, err := l.ReadCloser.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n, l.fail()
	}
	return n, err
}
