// Package serve runs the module's JSON-RPC 2.0 connection on standard input
// and output, in either launch mode: go-plugin (the magic cookie is set) or
// plain stdio (any billing core execs the module and talks on its pipes).
//
// It owns the transport concerns and nothing of the domain: framing and the
// message size limit (rpc.Codec), one goroutine per request so a handler can
// call back to the host without deadlocking the reader, a bound on
// concurrent requests, panic recovery, the initialize-once-and-first rule,
// a deadline on callbacks to the host, logs of every call on stderr, and
// stopping: when the input ends, ctx ends, or (go-plugin) the host process
// exits, every call in flight is cancelled and the connection closes within
// StopTimeout, whatever is still running.
package serve
