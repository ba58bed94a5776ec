package host_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/host"
	"osaddon/plugin/module"
	"osaddon/rpc"
)

// echoServer is the baseline: a bare jsonrpc2 server on stdio with the same
// framing, answering as the module answers initialize, without decoding
// the params: the first call with bytes as large as the module's answer,
// the next ones with its -32005 error.
func echoServer() {
	answer := json.RawMessage(initializeAnswer())
	var answered atomic.Bool
	again := &jsonrpc2.Error{Code: int64(rpc.CodeAlreadyInitialized), Message: "already initialized: initialize is answered once per connection"}
	h := jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
		if answered.Swap(true) {
			return nil, again
		}
		return answer, nil
	})
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(stdio{}, jsonrpc2.VSCodeObjectCodec{}), h)
	<-conn.DisconnectNotify()
}

func initializeAnswer() []byte {
	info, _ := module.New(nil, nil, hclog.NewNullLogger()).Initialize(context.Background(), hello())
	b, _ := json.Marshal(info)
	return b
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdout.Close() }

// startEcho runs the baseline server as a subprocess and returns a client.
func startEcho(b *testing.B) *jsonrpc2.Conn {
	b.Helper()
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=echo")
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(readWriter{out, in}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) { return nil, nil }))
	b.Cleanup(func() { conn.Close(); cmd.Wait() })
	return conn
}

type readWriter struct {
	io.Reader
	io.WriteCloser
}

// BenchmarkRoundTrip times an initialize call to the real module, small and
// with a 100 KB payload, in both launch modes, interleaved with the same
// request to the bare jsonrpc2 server over the same kind of pipes and with
// one json.Marshal plus one json.Unmarshal of the params. The ratio metrics
// are module time over echo time (x-echo) and over that floor (x-json).
func BenchmarkRoundTrip(b *testing.B) {
	sizes := []struct {
		name string
		pad  int
	}{{"small", 0}, {"100KB", 100 << 10}}
	for _, size := range sizes {
		params := hello()
		params.Host.Version = strings.Repeat("v", size.pad)
		for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
			b.Run(size.name+"/"+mode.String(), func(b *testing.B) {
				sum, _ := host.FileSHA256(moduleBin)
				c, err := host.Launch(context.Background(), host.Options{Path: moduleBin, SHA256: sum, Mode: mode})
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				echo := startEcho(b)
				ctx := context.Background()
				var r json.RawMessage
				if err := echo.Call(ctx, rpc.MethodInitialize, hello(), &r); err != nil { // as Launch does
					b.Fatal(err)
				}
				var moduleTime, echoTime, jsonTime time.Duration
				b.SetBytes(int64(size.pad))
				b.ResetTimer()
				for range b.N {
					t0 := time.Now()
					// Launch initialized the connection: each call is decoded
					// whole, then answered -32005.
					if _, err := c.Initialize(ctx, params); rpc.CodeOf(err) != rpc.CodeAlreadyInitialized {
						b.Fatal(err)
					}
					t1 := time.Now()
					if err := echo.Call(ctx, rpc.MethodInitialize, params, &r); rpc.CodeOf(rpc.FromJSONRPC(err)) != rpc.CodeAlreadyInitialized {
						b.Fatal(err)
					}
					t2 := time.Now()
					encoded, _ := json.Marshal(params)
					var back rpc.InitializeParams
					if err := json.Unmarshal(encoded, &back); err != nil {
						b.Fatal(err)
					}
					moduleTime += t1.Sub(t0)
					echoTime += t2.Sub(t1)
					jsonTime += time.Since(t2)
				}
				b.ReportMetric(float64(moduleTime.Nanoseconds())/float64(b.N), "module-ns/op")
				b.ReportMetric(float64(echoTime.Nanoseconds())/float64(b.N), "echo-ns/op")
				b.ReportMetric(float64(moduleTime)/float64(echoTime), "x-echo")
				b.ReportMetric(float64(moduleTime)/float64(jsonTime), "x-json")
			})
		}
	}
}

// BenchmarkLaunchToFirstReply times launch, checksum and initialize of the
// real module in both modes, beside exec of the bare jsonrpc2 server and its
// first reply.
func BenchmarkLaunchToFirstReply(b *testing.B) {
	sum, _ := host.FileSHA256(moduleBin)
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		b.Run(mode.String(), func(b *testing.B) {
			var moduleTime, echoTime time.Duration
			for range b.N {
				t0 := time.Now()
				c, err := host.Launch(context.Background(), host.Options{Path: moduleBin, SHA256: sum, Mode: mode})
				if err != nil {
					b.Fatal(err)
				}
				moduleTime += time.Since(t0)
				b.StopTimer()
				c.Close()
				b.StartTimer()
				t1 := time.Now()
				echo := startEcho(b)
				var r json.RawMessage
				if err := echo.Call(context.Background(), rpc.MethodInitialize, hello(), &r); err != nil {
					b.Fatal(err)
				}
				echoTime += time.Since(t1)
			}
			b.ReportMetric(float64(moduleTime.Milliseconds())/float64(b.N), "module-ms")
			b.ReportMetric(float64(echoTime.Milliseconds())/float64(b.N), "echo-ms")
			b.ReportMetric(float64(moduleTime)/float64(echoTime), "x-echo")
		})
	}
}
