package v6

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/vmmanager"
)

// DefaultPageSize is how many VMs one listing request asks for.
const DefaultPageSize = 1000

// Client is a VMmanager 6 connection. It is safe for concurrent use.
type Client struct {
	// PageSize is how many VMs one listing request asks for.
	PageSize int
	// TaskTimeout bounds a create, start, stop or delete with the wait for
	// its task.
	TaskTimeout time.Duration

	t    *vmmanager.Transport
	base string

	session *vmmanager.Session
}

var _ vmmanager.Panel = (*Client)(nil)

// New returns a client for cfg, which must be of kind "vmmanager6".
func New(cfg vmmanager.Config, logger hclog.Logger) (*Client, error) {
	if cfg.Kind != vmmanager.KindV6 {
		return nil, errors.New("vmmanager: config " + cfg.Name + ": kind must be " + vmmanager.KindV6 + " for the v6 client")
	}
	t, err := vmmanager.NewTransport(cfg, logger)
	if err != nil {
		return nil, err
	}
	c := &Client{
		PageSize:    DefaultPageSize,
		TaskTimeout: 10 * t.Config().Timeout,
		t:           t,
		base:        strings.TrimRight(t.Config().URL, "/"),
	}
	c.session = vmmanager.NewSession(c.login)
	return c, nil
}

// errExpired marks a 401 or 403 answer, so call can renew the token.
type errExpired struct{ apiErr }

// call sends method path (with a JSON body when in is not nil) under the
// token and hands a 2xx answer to decode. On 401 or 403 it renews the
// token once and repeats.
func (c *Client) call(ctx context.Context, op, method, path string, in any, idempotent bool, decode func(io.Reader) error) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return c.t.Fail(op, vmmanager.ErrRejected, 0, "encoding the request", err)
		}
	}
	for renewed := false; ; renewed = true {
		token, gen, err := c.session.Key(ctx)
		if err != nil {
			return err
		}
		err = c.send(ctx, op, method, path, body, token, idempotent, decode)
		var exp errExpired
		if errors.As(err, &exp) {
			c.session.Drop(gen)
			if !renewed {
				c.t.Logger().Info("token expired, logging in again", "op", op)
				continue
			}
			return c.t.Fail(op, vmmanager.ErrAuth, exp.status, exp.Msg, nil)
		}
		return c.classify(op, err)
	}
}

// send makes one logical request; token may be empty (for the login).
func (c *Client) send(ctx context.Context, op, method, path string, body []byte, token string, idempotent bool, decode func(io.Reader) error) error {
	return c.t.Do(ctx, vmmanager.Call{
		Op:         op,
		Idempotent: idempotent,
		Build: func(ctx context.Context) (*http.Request, error) {
			var r io.Reader
			if body != nil {
				r = bytes.NewReader(body)
			}
			req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
			if err != nil {
				return nil, err
			}
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			req.Header.Set("Accept", "application/json")
			if token != "" {
				req.Header.Set("x-xsrf-token", token)
				req.AddCookie(&http.Cookie{Name: "ses6", Value: token})
			}
			return req, nil
		},
		Handle: func(resp *http.Response) error {
			if resp.StatusCode >= 200 && resp.StatusCode < 300 {
				return decode(resp.Body)
			}
			ae := readAPIError(resp)
			switch resp.StatusCode {
			case http.StatusUnauthorized, http.StatusForbidden:
				return errExpired{ae}
			case http.StatusNotFound:
				return c.t.Fail(op, vmmanager.ErrNotFound, ae.status, ae.Msg, nil)
			}
			return c.t.Fail(op, vmmanager.ErrRejected, ae.status, ae.Msg, nil)
		},
	})
}

// classify maps decoding errors onto the vmmanager kinds.
func (c *Client) classify(op string, err error) error {
	var ve *vmmanager.Error
	switch {
	case err == nil, errors.As(err, &ve), errors.As(err, &cbError{}):
		return err
	case isMalformed(err):
		return c.t.Fail(op, vmmanager.ErrMalformed, 0, err.Error(), err)
	default:
		return c.t.Fail(op, vmmanager.ErrUnreachable, 0, err.Error(), err)
	}
}

// isMalformed reports whether err means the answer was not the JSON
// expected: bad syntax, wrong types or shape, or cut short.
func isMalformed(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var me *malformedError
	return errors.As(err, &se) || errors.As(err, &te) || errors.As(err, &me) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
