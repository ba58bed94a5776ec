package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/sourcegraph/jsonrpc2"

	"osaddon/host"
	"osaddon/plugin/module"
	"osaddon/rpc"
)

func numCPU() int { return runtime.NumCPU() }

func hello(pad int) *rpc.InitializeParams {
	return &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion,
		Host: rpc.Peer{Name: "bench", Version: "1" + strings.Repeat("v", pad)}}
}

// echoServer is the baseline: a bare jsonrpc2 server on stdio with the same
// framing, answering every request with bytes as large as the module's
// initialize answer, without decoding the params.
func echoServer() {
	info, _ := module.New(nil, nil, hclog.NewNullLogger()).Initialize(context.Background(), hello(0))
	answer, _ := json.Marshal(info)
	raw := json.RawMessage(answer)
	h := jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
		return raw, nil
	})
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(stdio{}, jsonrpc2.VSCodeObjectCodec{}), h)
	<-conn.DisconnectNotify()
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdout.Close() }

// echo is the baseline server running as a subprocess.
type echo struct {
	cmd  *exec.Cmd
	conn *jsonrpc2.Conn
}

func startEcho() (*echo, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"=echo")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(readWriter{out, in}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) { return nil, nil }))
	return &echo{cmd: cmd, conn: conn}, nil
}

func (e *echo) call(ctx context.Context, params any) error {
	var r json.RawMessage
	return e.conn.Call(ctx, rpc.MethodInitialize, params, &r)
}

func (e *echo) close() {
	e.conn.Close()
	e.cmd.Wait()
}

type readWriter struct {
	io.Reader
	io.WriteCloser
}

// launch launches the module as a billing core does: Launch verifies the
// binary against the sum it was given (moduleSum, taken once).
func launch(module string, mode host.Mode) (*host.Client, error) {
	sum, err := moduleSum(module)
	if err != nil {
		return nil, err
	}
	return host.Launch(context.Background(), host.Options{Path: module, SHA256: sum, Mode: mode})
}

var sums = map[string]string{}

// moduleSum is the binary's expected SHA-256, as a billing core keeps it
// in its configuration.
func moduleSum(module string) (string, error) {
	if sum, ok := sums[module]; ok {
		return sum, nil
	}
	sum, err := host.FileSHA256(module)
	sums[module] = sum
	return sum, err
}

// launchUnchecked launches without the checksum, to tell its share.
func launchUnchecked(module string, mode host.Mode) (*host.Client, error) {
	return host.Launch(context.Background(), host.Options{Path: module, SkipChecksum: true, Mode: mode})
}

// measureRoundTrips adds the round-trip rows: an initialize call to the real
// module, small and with a 100 KB host version, in both launch modes. Each
// module call is followed by the same call to the echo and by one
// json.Marshal plus one json.Unmarshal of the same params in this process.
func measureRoundTrips(t *table, module string, calls int) error {
	ctx := context.Background()
	for _, size := range []struct {
		name string
		pad  int
	}{{"small", 0}, {"100KB", 100 << 10}} {
		n := calls
		if size.pad > 0 {
			n = max(calls/10, 20)
		}
		params := hello(size.pad)
		for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
			c, err := launch(module, mode)
			if err != nil {
				return err
			}
			e, err := startEcho()
			if err != nil {
				c.Close()
				return err
			}
			var moduleTimes, echoTimes, jsonTimes []time.Duration
			for i := range n + n/10 {
				t0 := time.Now()
				// Launch initialized the connection: each call is decoded
				// whole, then answered -32005.
				if _, err := c.Initialize(ctx, params); rpc.CodeOf(err) != rpc.CodeAlreadyInitialized {
					return err
				}
				t1 := time.Now()
				if err := e.call(ctx, params); err != nil {
					return err
				}
				t2 := time.Now()
				if err := marshalUnmarshal(params); err != nil {
					return err
				}
				t3 := time.Now()
				if i < n/10 {
					continue // warm-up
				}
				moduleTimes = append(moduleTimes, t1.Sub(t0))
				echoTimes = append(echoTimes, t2.Sub(t1))
				jsonTimes = append(jsonTimes, t3.Sub(t2))
			}
			c.Close()
			e.close()
			mod, ech, js := median(moduleTimes), median(echoTimes), median(jsonTimes)
			name := fmt.Sprintf("round trip %s, %s", size.name, mode)
			if size.pad == 0 {
				r := ratio(mod, ech)
				t.add(name+" / echo", ms(mod), ms(ech)+" echo", fmt.Sprintf("%.2f", r), "<= 1.3", ptr(r <= 1.3))
				continue
			}
			r := ratio(mod, js)
			t.add(name+" / marshal+unmarshal", ms(mod), ms(js)+" json", fmt.Sprintf("%.2f", r), "<= 3", ptr(r <= 3))
			t.add(name+" / echo", ms(mod), ms(ech)+" echo", fmt.Sprintf("%.2f", ratio(mod, ech)), "", nil)
		}
	}
	return nil
}

// marshalUnmarshal is the floor of a round trip: the params encoded once
// and decoded once.
func marshalUnmarshal(p *rpc.InitializeParams) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var back rpc.InitializeParams
	return json.Unmarshal(b, &back)
}

// median of a sample; the sample is sorted in place.
func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// measureLaunch adds the launch rows: launch, checksum and initialize of
// the module in each mode, interleaved with exec of the echo and its first
// reply, with the same launch without the checksum and the checksum alone.
// host.Launch hashes a binary once per host process and keeps the checked
// bytes until the file changes; the cold row touches the file first, so
// every cold launch reads and hashes it again.
func measureLaunch(t *table, module string, launches int) error {
	ctx := context.Background()
	info, err := os.Stat(module)
	if err != nil {
		return err
	}
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		var moduleTimes, coldTimes, echoTimes, sumTimes, uncheckedTimes []time.Duration
		for i := range launches + 2 {
			now := time.Now()
			if err := os.Chtimes(module, now, now); err != nil {
				return err
			}
			c0 := time.Now()
			c, err := launch(module, mode)
			if err != nil {
				return err
			}
			c1 := time.Now()
			c.Close()
			t0 := time.Now()
			c, err = launch(module, mode)
			if err != nil {
				return err
			}
			t1 := time.Now()
			c.Close()
			u0 := time.Now()
			if c, err = launchUnchecked(module, mode); err != nil {
				return err
			}
			u1 := time.Now()
			c.Close()
			t2 := time.Now()
			e, err := startEcho()
			if err != nil {
				return err
			}
			if err := e.call(ctx, hello(0)); err != nil {
				return err
			}
			t3 := time.Now()
			e.close()
			t4 := time.Now()
			if _, err := host.FileSHA256(module); err != nil {
				return err
			}
			t5 := time.Now()
			if i < 2 {
				continue // warm-up: page cache, first exec
			}
			moduleTimes = append(moduleTimes, t1.Sub(t0))
			coldTimes = append(coldTimes, c1.Sub(c0))
			coldTimes = append(coldTimes, c1.Sub(c0))
			echoTimes = append(echoTimes, t3.Sub(t2))
			sumTimes = append(sumTimes, t5.Sub(t4))
			uncheckedTimes = append(uncheckedTimes, u1.Sub(u0))
		}
		mod, cold, ech, sum, unchecked := median(moduleTimes), median(coldTimes), median(echoTimes), median(sumTimes), median(uncheckedTimes)
		t.add(fmt.Sprintf("launch to first reply, %s", mode), ms(mod), ms(ech)+" echo exec+reply",
			fmt.Sprintf("%.2f", ratio(mod, ech)), "<= 25 ms", ptr(mod <= 25*time.Millisecond))
		t.add("  the first in a host process (reads, hashes)", ms(cold), ms(ech)+" echo exec+reply",
			fmt.Sprintf("%.2f", ratio(cold, ech)), "", nil)
		t.add("  the same without the checksum", ms(unchecked), ms(ech)+" echo exec+reply",
			fmt.Sprintf("%.2f", ratio(unchecked, ech)), "", nil)
		if mode == host.ModeStdio {
			t.add(fmt.Sprintf("  sha256 of the %.1f MB binary", float64(info.Size())/1e6), ms(sum), ms(cold)+" first launch",
				fmt.Sprintf("%.2f", ratio(sum, cold)), "", nil)
		}
	}
	return nil
}
