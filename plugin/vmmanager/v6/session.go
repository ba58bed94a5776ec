package v6

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"osaddon/plugin/vmmanager"
)

// login posts the credentials. A refusal gives vmmanager.ErrAuth.
func (c *Client) login(ctx context.Context) (string, error) {
	cfg := c.t.Config()
	body, err := json.Marshal(map[string]string{"email": cfg.Username, "password": cfg.Password})
	if err != nil {
		return "", c.t.Fail("auth", vmmanager.ErrRejected, 0, "encoding the login", err)
	}
	var out struct {
		Token string `json:"token"`
	}
	err = c.send(ctx, "auth", http.MethodPost, "/auth/v4/public/token", body, "", true, func(r io.Reader) error {
		if err := json.NewDecoder(r).Decode(&out); err != nil {
			return err
		}
		if out.Token == "" {
			return &malformedError{msg: "no token in the login answer"}
		}
		return nil
	})
	if exp, ok := err.(errExpired); ok {
		return "", c.t.Fail("auth", vmmanager.ErrAuth, exp.status, exp.Msg, nil)
	}
	var ve *vmmanager.Error
	if errors.As(err, &ve) && ve.Kind == vmmanager.ErrRejected && ve.Code >= 400 {
		// Bad credentials come back as 400 on some versions.
		ve.Kind = vmmanager.ErrAuth
	}
	if err != nil {
		return "", c.classify("auth", err)
	}
	return out.Token, nil
}
