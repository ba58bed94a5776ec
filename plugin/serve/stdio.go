package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	goplugin "github.com/hashicorp/go-plugin"

	"osaddon/rpc"
)

// GoPluginMode reports whether the module was launched by go-plugin: the
// host set the magic cookie.
func GoPluginMode() bool {
	return os.Getenv(rpc.MagicCookieKey) == rpc.MagicCookieValue
}

// Stdio serves the module on the process's standard input and output until
// stdin ends, go-plugin asks the module to quit, the go-plugin host exits,
// or ctx ends; see Conn for how it stops.
//
// In go-plugin mode it first lets plugin.Serve print the handshake line and
// take over os.Stdout and os.Stderr, so a stray print goes to go-plugin's
// pipe, never into the protocol. JSON-RPC then runs on the real stdin and
// stdout, saved before the swap. Callers must log to stderr saved the same
// way: see RealStderr.
func Stdio(ctx context.Context, newModule NewModule, opts Options) error {
	in, out := os.Stdin, os.Stdout
	if GoPluginMode() {
		ctx = watchHost(servePlugin(ctx, opts))
	}
	return Conn(ctx, stdioPipe{Reader: in, Writer: out}, newModule, opts)
}

// RealStderr is the process's stderr as it was at start-up, before go-plugin
// replaced os.Stderr.
var RealStderr = os.Stderr

// servePlugin runs go-plugin's server, which prints the handshake and serves
// go-plugin's own control channel (graceful kill). The returned context ends
// when go-plugin is told to quit. The handshake line is printed before the
// host can send any request, and the module writes only answers, so nothing
// of the protocol can precede it.
func servePlugin(ctx context.Context, opts Options) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		goplugin.Serve(&goplugin.ServeConfig{
			HandshakeConfig: rpc.Handshake,
			Plugins:         goplugin.PluginSet{},
			Logger:          opts.Logger,
		})
	}()
	return ctx
}

// stdioPipe joins stdin and stdout into one ReadWriteCloser.
type stdioPipe struct {
	io.Reader
	io.Writer
}

// Close closes stdout, so the host sees the module hang up.
func (p stdioPipe) Close() error {
	if c, ok := p.Writer.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func trimNewline(format string, v ...any) string {
	return strings.TrimRight(fmt.Sprintf(format, v...), "\n")
}
