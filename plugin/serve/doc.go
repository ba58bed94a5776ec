// Package serve runs the module's JSON-RPC 2.0 connection on standard input
// and output, in either launch mode: go-plugin (the magic cookie is set) or
// plain stdio (any billing core execs the module and talks on its pipes).
//
// It owns the transport concerns and nothing of the domain: framing and the
// message size limit (rpc.Codec), one goroutine per request so a handler can
// call back to the host without deadlocking the reader, a bound on
// concurrent requests, panic recovery, the initialize-first rule, and logs of
// every call on stderr.
package serve
