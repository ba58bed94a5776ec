// Package host is the SDK a billing core written in Go embeds to run the
// osaddon module.
//
// Launch checks the module binary's SHA-256, starts it in go-plugin or plain
// stdio mode, forwards its stderr log lines to an hclog logger at their
// level, serves the module's callbacks (billing/services, $/progress) from a
// rpc.Host the billing core implements, negotiates the protocol with
// initialize, and returns a Client with one typed method per call. On
// Linux the kernel sends the module SIGTERM if the host dies.
package host
