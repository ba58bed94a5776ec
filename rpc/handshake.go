package rpc

import goplugin "github.com/hashicorp/go-plugin"

// The go-plugin handshake shared by host and module. The magic cookie is not
// a secret: it only stops the module from being started by hand in go-plugin
// mode by mistake.
const (
	// MagicCookieKey is the environment variable go-plugin sets.
	MagicCookieKey = "OSADDON_PLUGIN"
	// MagicCookieValue is its value.
	MagicCookieValue = "pmosaddon-jsonrpc-7c1e0b5d"
	// PluginProtocolVersion is go-plugin's app protocol version: the
	// launch and the framing, which protocol 2 left as they were. It stays
	// 1 so a host built for protocol 1 still launches the module; the
	// contract's version is agreed in initialize.
	PluginProtocolVersion = 1
)

// Handshake is the go-plugin handshake. The host's launcher and the
// module's server both use it, so neither side imports the other.
var Handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  PluginProtocolVersion,
	MagicCookieKey:   MagicCookieKey,
	MagicCookieValue: MagicCookieValue,
}
