package v5

import (
	"context"
	"io"
	"net/url"

	"osaddon/xml"
)

// login runs func=auth. Bad credentials give vmmanager.ErrAuth.
func (c *Client) login(ctx context.Context) (string, error) {
	cfg := c.t.Config()
	form := url.Values{"func": {"auth"}, "username": {cfg.Username}, "password": {cfg.Password}}
	var a xml.Auth
	err := c.post(ctx, "auth", true, form, func(r io.Reader) error {
		var err error
		a, err = xml.DecodeAuth(r, c.lim)
		return err
	})
	if err != nil {
		return "", c.classify("auth", err)
	}
	return a.Key, nil
}
