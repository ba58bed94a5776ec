package v5

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/vmmanager"
	"osaddon/xml"
)

// Client is a VMmanager 5 connection. It is safe for concurrent use.
type Client struct {
	t        *vmmanager.Transport
	endpoint string
	lim      xml.Limits
	session  *vmmanager.Session
}

var _ vmmanager.Panel = (*Client)(nil)

// New returns a client for cfg, which must be of kind "vmmanager5".
func New(cfg vmmanager.Config, logger hclog.Logger) (*Client, error) {
	if cfg.Kind != vmmanager.KindV5 {
		return nil, errors.New("vmmanager: config " + cfg.Name + ": kind must be " + vmmanager.KindV5 + " for the v5 client")
	}
	t, err := vmmanager.NewTransport(cfg, logger)
	if err != nil {
		return nil, err
	}
	cfg = t.Config()
	endpoint := strings.TrimRight(cfg.URL, "/")
	if u, _ := url.Parse(endpoint); u.Path == "" {
		endpoint += "/vmmgr"
	}
	c := &Client{
		t:        t,
		endpoint: endpoint,
		lim:      xml.Limits{MaxBytes: cfg.MaxResponseBytes},
	}
	c.session = vmmanager.NewSession(c.login)
	return c, nil
}

// post sends one form request for fn and decodes the answer.
func (c *Client) post(ctx context.Context, op string, idempotent bool, form url.Values, decode func(io.Reader) error) error {
	return c.t.Do(ctx, vmmanager.Call{
		Op:         op,
		Idempotent: idempotent,
		Build: func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost,
				c.endpoint+"?out=xml&func="+url.QueryEscape(form.Get("func")), strings.NewReader(form.Encode()))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req, nil
		},
		Handle: func(resp *http.Response) error {
			if resp.StatusCode >= 400 {
				return c.t.Fail(op, vmmanager.ErrRejected, resp.StatusCode, http.StatusText(resp.StatusCode), nil)
			}
			return decode(resp.Body)
		},
	})
}

// call sends fn with params under the session. If the panel says the
// session is gone and restartable() still allows it, it logs in again once
// and repeats.
func (c *Client) call(ctx context.Context, op string, idempotent bool, params url.Values, restartable func() bool, decode func(io.Reader) error) error {
	for renewed := false; ; renewed = true {
		key, gen, err := c.session.Key(ctx)
		if err != nil {
			return err
		}
		form := url.Values{"func": {op}}
		for k, v := range params {
			form[k] = v
		}
		form.Set("auth", key)
		err = c.post(ctx, op, idempotent, form, decode)
		var pe *xml.PanelError
		if errors.As(err, &pe) && pe.Type == "auth" {
			c.session.Drop(gen)
			if renewed {
				return c.classify(op, err)
			}
			if restartable != nil && !restartable() {
				return c.t.Fail(op, vmmanager.ErrIncomplete, 0, "session expired after VMs were streamed", pe)
			}
			c.t.Logger().Info("session expired, logging in again", "op", op)
			continue
		}
		return c.classify(op, err)
	}
}

// classify maps decoder and panel errors onto the vmmanager kinds.
func (c *Client) classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var ve *vmmanager.Error
	var pe *xml.PanelError
	var se *xml.SyntaxError
	var le *xml.LimitError
	switch {
	case errors.As(err, &ve):
		return err
	case errors.As(err, &pe):
		kind := vmmanager.ErrRejected
		switch {
		case pe.Type == "auth":
			kind = vmmanager.ErrAuth
		case pe.Type == "missed":
			kind = vmmanager.ErrNotFound
		case pe.Type == "value" && pe.Object == "vmi":
			kind = vmmanager.ErrUnknownTemplate
		}
		return c.t.Fail(op, kind, 0, pe.Msg, pe)
	case errors.As(err, &se), errors.As(err, &le), errors.Is(err, io.ErrUnexpectedEOF):
		return c.t.Fail(op, vmmanager.ErrMalformed, 0, err.Error(), err)
	default:
		return c.t.Fail(op, vmmanager.ErrUnreachable, 0, err.Error(), err)
	}
}
