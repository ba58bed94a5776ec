package vmmanager

import (
	"errors"
	"fmt"
)

// Sentinel kinds of failure. Every error a Panel returns is an *Error whose
// Kind is one of these, so errors.Is(err, ErrUnreachable) works on it.
var (
	// ErrUnreachable: transport failure, timeout, cancellation, or a 5xx
	// answer after the retries ran out. The panel's state is unknown.
	ErrUnreachable = errors.New("vmmanager: panel unreachable")
	// ErrMalformed: the answer was garbage, truncated or too large.
	ErrMalformed = errors.New("vmmanager: malformed answer")
	// ErrAuth: the credentials were refused, also after one renewal.
	ErrAuth = errors.New("vmmanager: authentication failed")
	// ErrNotFound: no such VM.
	ErrNotFound = errors.New("vmmanager: not found")
	// ErrUnknownTemplate: the template name is not in the panel's list.
	ErrUnknownTemplate = errors.New("vmmanager: unknown template")
	// ErrRejected: the panel refused the request for another reason
	// (a 4xx answer or an error document).
	ErrRejected = errors.New("vmmanager: request rejected")
	// ErrIncomplete: a listing broke off after some VMs were streamed and
	// could not be restarted cleanly.
	ErrIncomplete = errors.New("vmmanager: listing incomplete")
)

// Error is a failed panel call.
type Error struct {
	// Op is the operation, e.g. "list", "create", "vm.start".
	Op string
	// Node is the connection name from Config.Name.
	Node string
	// Kind is one of the sentinels above.
	Kind error
	// Code is the HTTP status when there was one, else 0.
	Code int
	// Msg is the panel's message or the cause, free of credentials.
	Msg string
	// Err is the underlying cause, if any (e.g. *xml.PanelError,
	// context.DeadlineExceeded).
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s (node %q, %s", e.Kind, e.Node, e.Op)
	if e.Code != 0 {
		s += fmt.Sprintf(", HTTP %d", e.Code)
	}
	s += ")"
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}
