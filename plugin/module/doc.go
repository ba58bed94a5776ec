// Package module implements the handlers of the rpc contract: what the
// osaddon module does for each call of the billing core.
//
// A Module is built per connection. It holds the config and the client that
// calls back to the host; it keeps no billing state between calls.
package module
