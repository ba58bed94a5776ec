// Package rpc is the wire contract between a billing core (the host) and the
// osaddon processing module.
//
// It holds everything both sides must agree on and nothing else: the protocol
// version, the method names, the params and results of every method as plain
// structs with json tags, the actions the host applies, the coded error type
// and its mapping to JSON-RPC errors, the go-plugin handshake, and the
// Content-Length framing with its size limit. Host and module both import
// this package and nothing else sits between them.
//
// Conventions on the wire:
//   - Money is a decimal string ("0.10", never 0.1) of type [Amount].
//   - Times are RFC 3339 in UTC.
//   - Optional fields are omitted when empty; a present null is an error
//     only where the field's doc says so.
//   - Every action carries a deterministic key; the host applies each key
//     at most once.
package rpc
