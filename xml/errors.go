package xml

import "fmt"

// SyntaxError reports a malformed or truncated document.
type SyntaxError struct {
	// Offset is the byte offset in the input where decoding stopped.
	Offset int64
	// Msg says what was wrong.
	Msg string
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("xml: syntax error at byte %d: %s", e.Offset, e.Msg)
}

// LimitError reports a document that exceeds one of its Limits.
type LimitError struct {
	// Limit names the limit: "max_bytes", "max_token_len" or "max_depth".
	Limit string
	// Max is the configured value.
	Max int64
	// Offset is the byte offset where the limit was hit.
	Offset int64
}

// Error implements error.
func (e *LimitError) Error() string {
	return fmt.Sprintf("xml: document exceeds %s=%d at byte %d", e.Limit, e.Max, e.Offset)
}

// PanelError is an <error> document: the panel refused the request.
type PanelError struct {
	// Type is the error class, e.g. "auth", "missed", "value", "access".
	Type string
	// Object is what the error is about, e.g. "elid" or "vm".
	Object string
	// Msg is the human-readable text from <msg>.
	Msg string
}

// Error implements error.
func (e *PanelError) Error() string {
	if e.Object != "" {
		return fmt.Sprintf("vmmanager5 error type=%q object=%q: %s", e.Type, e.Object, e.Msg)
	}
	return fmt.Sprintf("vmmanager5 error type=%q: %s", e.Type, e.Msg)
}
