// Package vmmanager is the module's one view of a VMmanager installation:
// the Panel interface with its VM and Template types, the connection
// Config, typed errors, the template naming rule, and the HTTP, retry and
// redaction helpers that the adapters share.
//
// The adapters live in v5 (the XML API of VMmanager 5) and v6 (the REST API
// of VMmanager 6). Callers depend on Panel only, and tell failures apart
// with errors.Is against the sentinels in errors.go: a listing that returns
// any error is incomplete, and nothing may be concluded from what it
// streamed.
package vmmanager
