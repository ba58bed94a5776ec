package rpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// Code is a JSON-RPC error code. The standard codes come from the JSON-RPC
// 2.0 specification; the module's own sit in -32000..-32099.
type Code int64

// Standard JSON-RPC 2.0 codes.
const (
	CodeParseError     Code = -32700
	CodeInvalidRequest Code = -32600
	CodeMethodNotFound Code = -32601
	CodeInvalidParams  Code = -32602
	CodeInternalError  Code = -32603
)

// Domain codes, in -32000..-32099.
const (
	// CodeUnsupportedProtocol: initialize named a protocol version this
	// module does not speak.
	CodeUnsupportedProtocol Code = -32001
	// CodeNotInitialized: a call arrived before initialize.
	CodeNotInitialized Code = -32002
	// CodeMessageTooLarge: the message exceeded the receiver's size limit.
	CodeMessageTooLarge Code = -32003
	// CodeNotConfigured: the call needs a config the module was not given.
	CodeNotConfigured Code = -32004
	// CodeAlreadyInitialized: initialize came a second time on one
	// connection; the first answer stands.
	CodeAlreadyInitialized Code = -32005
	// CodeStopping: the module was stopping (its input ended, or it was
	// told to quit) before the call could finish; nothing of the call can
	// be relied on, so retry it on a new connection.
	CodeStopping Code = -32006
	// CodeUnknownTariff: a service references a tariff that was not sent.
	CodeUnknownTariff Code = -32010
	// CodeUnknownCurrency: a currency is not an ISO 4217 code.
	CodeUnknownCurrency Code = -32011
	// CodePriceMissing: the tariff has no price for a value, period and
	// currency it must price.
	CodePriceMissing Code = -32012
	// CodeInvalidAmount: an amount is malformed, negative where it must not
	// be, or absurdly large.
	CodeInvalidAmount Code = -32013
	// CodeInvalidPeriod: a period the tariff does not sell, or period dates
	// that do not make sense.
	CodeInvalidPeriod Code = -32014
	// CodeInvalidCatalog: the catalog is inconsistent (unknown default
	// value, duplicate values, and the like).
	CodeInvalidCatalog Code = -32015
	// CodeOSNotOffered: a tariff or period change would leave the installed
	// commercial OS unoffered (it would fall to the free default, or has
	// no price for the new period in the account's currency). The change
	// is refused; the host keeps the old tariff and period.
	CodeOSNotOffered Code = -32016
	// CodeBelowMinimum: the VM is smaller than the OS value's minimum disk
	// or memory.
	CodeBelowMinimum Code = -32017
	// CodeUnknownConnection: no VMmanager connection has that name.
	CodeUnknownConnection Code = -32020
	// CodeVMmanagerUnavailable: VMmanager could not be reached or answered
	// garbage, after retries. Nothing was changed.
	CodeVMmanagerUnavailable Code = -32021
	// CodeVMmanagerRefused: VMmanager answered with an error of its own.
	CodeVMmanagerRefused Code = -32022
	// CodeVMNotFound: the service's VM does not exist in VMmanager.
	CodeVMNotFound Code = -32023
	// CodeHostCallback: a call back to the host (billing/services) failed.
	CodeHostCallback Code = -32030
)

// Error is the one coded error of the contract. The module returns it from
// handlers; the dispatcher turns it into a *jsonrpc2.Error at the edge, with
// Field in the error's data. The host's client turns a *jsonrpc2.Error back
// into an *Error, so both sides test codes with errors.As.
type Error struct {
	// Code says what kind of failure this is.
	Code Code `json:"code"`
	// Message is for people. It never carries secrets or internals, and does
	// not repeat Field: Error() puts the field in front.
	Message string `json:"message"`
	// Field is the dotted path of the offending field in the params, such as
	// "service.account.currency", when one field is to blame.
	Field string `json:"field,omitempty"`
}

// Errorf returns an *Error with the given code and field.
func Errorf(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Error implements error.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// errorData is the data member of a JSON-RPC error this module sends.
type errorData struct {
	Field string `json:"field,omitempty"`
}

// JSONRPC returns e as a *jsonrpc2.Error: the message is e.Error(), so it
// names the field, and the data holds the field on its own.
func (e *Error) JSONRPC() *jsonrpc2.Error {
	je := &jsonrpc2.Error{Code: int64(e.Code), Message: e.Error()}
	if e.Field != "" {
		je.SetError(errorData{Field: e.Field})
	}
	return je
}

// ToJSONRPC maps any handler error to a *jsonrpc2.Error. An *Error keeps its
// code; anything else becomes CodeInternalError with a generic message, so no
// internals leak to the peer (the caller logs the original).
func ToJSONRPC(err error) *jsonrpc2.Error {
	var e *Error
	if errors.As(err, &e) {
		return e.JSONRPC()
	}
	var je *jsonrpc2.Error
	if errors.As(err, &je) {
		return je
	}
	return &jsonrpc2.Error{Code: int64(CodeInternalError), Message: "internal error"}
}

// FromJSONRPC turns an error from a jsonrpc2 call into an *Error when it is a
// JSON-RPC error response; other errors (a closed connection, say) come back
// unchanged.
func FromJSONRPC(err error) error {
	var je *jsonrpc2.Error
	if !errors.As(err, &je) {
		return err
	}
	e := &Error{Code: Code(je.Code), Message: je.Message}
	if je.Data != nil {
		var d errorData
		if json.Unmarshal(*je.Data, &d) == nil {
			e.Field = d.Field
		}
	}
	// The wire message names the field first (see JSONRPC); Message does
	// not repeat it, so Error() names it once.
	if e.Field != "" {
		e.Message = strings.TrimPrefix(e.Message, e.Field+": ")
	}
	return e
}

// CodeOf returns the code of err if it is (or wraps) an *Error, else 0.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}
