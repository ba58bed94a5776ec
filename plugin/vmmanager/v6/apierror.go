package v6

import (
	"encoding/json"
	"io"
	"net/http"
)

// maxErrorBody caps how much of an error answer is read.
const maxErrorBody = 64 << 10

// apiErr is VMmanager 6's error answer {code, msg, value}, with the status.
type apiErr struct {
	Code   int    `json:"code"`
	Msg    string `json:"msg"`
	Value  any    `json:"value,omitempty"`
	status int
}

// readAPIError decodes an error answer; a body that is not one still gives
// the HTTP status text.
func readAPIError(resp *http.Response) apiErr {
	ae := apiErr{status: resp.StatusCode}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if json.Unmarshal(b, &ae) != nil || ae.Msg == "" {
		ae.Msg = http.StatusText(resp.StatusCode)
	}
	return ae
}

func (e errExpired) Error() string { return "token refused: " + e.Msg }
