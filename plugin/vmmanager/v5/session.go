package v5

import (
	"context"
	"io"
	"net/url"

	"osaddon/xml"
)

// session returns the current session key and its generation, logging in
// first when there is none.
func (c *Client) session(ctx context.Context) (string, int, error) {
	c.mu.Lock()
	key, gen := c.key, c.keyGen
	c.mu.Unlock()
	if key != "" {
		return key, gen, nil
	}
	// One login at a time; whoever waited reuses the fresh key.
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	c.mu.Lock()
	key, gen = c.key, c.keyGen
	c.mu.Unlock()
	if key != "" {
		return key, gen, nil
	}
	key, err := c.login(ctx)
	if err != nil {
		return "", 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key = key
	c.keyGen++
	return c.key, c.keyGen, nil
}

// dropSession forgets the key of generation gen, unless a newer login
// already replaced it.
func (c *Client) dropSession(gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keyGen == gen {
		c.key = ""
	}
}

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
