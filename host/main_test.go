package host_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/testbin"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
)

// moduleBin is the real pmosaddon binary, built once for the package.
var moduleBin string

// The test binary also plays other processes, chosen by this variable, as
// go-plugin's own tests do (TestHelperProcess).
const roleEnv = "OSADDON_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "stray-module":
		strayModule()
		return
	case "host":
		hostThatLaunches()
		return
	case "echo":
		echoServer()
		return
	}
	bins, cleanup := testbin.MustBuild(testbin.Module)
	moduleBin = bins[testbin.Module]
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// strayModule is the real module with a handler that prints to stdout, as a
// careless dependency might.
func strayModule() {
	log := hclog.New(&hclog.LoggerOptions{Output: serve.RealStderr, JSONFormat: true})
	err := serve.Stdio(context.Background(), func(h rpc.Host) rpc.Module {
		return strayPrinter{module.New(nil, h, log)}
	}, serve.Options{Logger: log})
	if err != nil {
		os.Exit(1)
	}
}

type strayPrinter struct{ *module.Module }

func (s strayPrinter) Initialize(ctx context.Context, p *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	fmt.Println("stray line from a handler")
	fmt.Print("Content-Length: 5\r\n\r\n{}{}{")
	return s.Module.Initialize(ctx, p)
}

// hostThatLaunches launches the module, prints its pid and waits to be
// killed.
func hostThatLaunches() {
	c, err := host.Launch(context.Background(), host.Options{
		Path: os.Getenv("OSADDON_TEST_MODULE"), SkipChecksum: true, Mode: host.ModeGoPlugin,
	})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(c.Pid())
	time.Sleep(time.Minute)
}

func sha(t *testing.T, path string) string {
	t.Helper()
	sum, err := host.FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func hello() *rpc.InitializeParams {
	return &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion, Host: rpc.Peer{Name: "test", Version: "1"}}
}

// builtFeatures is what this source tree's module serves; the subprocess,
// built from the same tree, must report exactly that.
func builtFeatures() []string {
	return module.New(nil, nil, hclog.NewNullLogger()).Features()
}
