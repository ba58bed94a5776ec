package catalog

import "fmt"

// FieldError says which input field was bad, so the RPC edge can answer
// InvalidParams naming it. Err is the sentinel, for errors.Is.
type FieldError struct {
	// Package prefixes the message: "catalog", "mapping", "pricing".
	Package string
	// Field is the human path to the field, for example
	// `tariff "vps-1": addon "ostempl": value "win2019": price for 12 months in EUR`.
	Field string
	// Msg says what is wrong with it, for example "negative amount -1.00".
	Msg string
	// Err is the sentinel error.
	Err error
}

// Error renders "package: field: msg".
func (e *FieldError) Error() string {
	return e.Package + ": " + e.Field + ": " + e.Msg
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// NewFieldError builds the FieldError of package pkg (catalog, mapping,
// pricing): the one field-error type of the domain packages.
func NewFieldError(pkg, field string, err error, format string, args ...any) error {
	return &FieldError{Package: pkg, Field: field, Msg: fmt.Sprintf(format, args...), Err: err}
}

func fieldError(field string, err error, format string, args ...any) error {
	return NewFieldError("catalog", field, err, format, args...)
}
