package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/go-hclog"
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
// takes os.Stdout away from the protocol (see servePlugin), so a stray
// print never reaches it. JSON-RPC then runs on the real stdin and
// stdout, saved before the swap. Callers must log to stderr saved the same
// way: see RealStderr.
func Stdio(ctx context.Context, newModule NewModule, opts Options) error {
	in, out := os.Stdin, os.Stdout
	if GoPluginMode() {
		ctx = watchHost(servePlugin(ctx, out, opts))
	}
	return Conn(ctx, stdioPipe{Reader: in, Writer: out}, newModule, opts)
}

// RealStderr is the process's stderr as it was at start-up, before go-plugin
// replaced os.Stderr.
var RealStderr = os.Stderr

// servePlugin runs go-plugin's server, which prints the handshake and serves
// go-plugin's own control channel (graceful kill). The returned context ends
// when go-plugin is told to quit.
//
// go-plugin prints its handshake line on os.Stdout and only then replaces
// os.Stdout with its own pipe, while the host may already be sending
// requests: a handler that printed in between would write into the
// protocol's stream. So os.Stdout becomes a pipe of the module's before
// go-plugin starts; its first line, the handshake, is copied to out, the
// real stdout, and any later line is logged as stray output. The handshake
// reaches the host before it can send a request, and the module writes only
// answers, so nothing of the protocol can precede it.
func servePlugin(ctx context.Context, out io.Writer, opts Options) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	if r, w, err := os.Pipe(); err == nil {
		os.Stdout = w
		go guardStdout(r, out, opts.Logger)
	} // else go-plugin prints to the real stdout and swaps it itself
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

// maxStrayLine bounds a stray line kept for the log.
const maxStrayLine = 64 << 10

// guardStdout copies the first line of r, go-plugin's handshake, to out and
// logs each later line as stray output, kept out of the protocol.
func guardStdout(r io.Reader, out io.Writer, log hclog.Logger) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	br := bufio.NewReader(r)
	handshake, err := br.ReadBytes('\n')
	if _, werr := out.Write(handshake); werr != nil || err != nil {
		return
	}
	lines := bufio.NewScanner(br)
	lines.Buffer(make([]byte, 4096), maxStrayLine)
	for lines.Scan() {
		log.Warn("stray output on stdout, kept out of the protocol", "line", lines.Text())
	}
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
